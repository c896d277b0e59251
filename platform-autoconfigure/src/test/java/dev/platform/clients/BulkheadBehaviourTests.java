package dev.platform.clients;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bulkhead bounds what a slow downstream can hold: concurrent calls, and with them threads.
 */
class BulkheadBehaviourTests {

	private final MockWebServer server = Stubs.start();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.bulkhead.max-concurrent-calls=2",
				"platform.clients.users.read-timeout=10s");

	BulkheadBehaviourTests() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				int now = BulkheadBehaviourTests.this.inFlight.incrementAndGet();
				BulkheadBehaviourTests.this.maxInFlight.accumulateAndGet(now, Math::max);
				try {
					BulkheadBehaviourTests.this.release.await(10, TimeUnit.SECONDS);
					return Stubs.ok("{}");
				}
				finally {
					BulkheadBehaviourTests.this.inFlight.decrementAndGet();
				}
			}
		});
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		this.server.close();
	}

	@Test
	void rejectsTheCallPastItsLimitWithoutCallingTheDownstream() {
		this.runner.run((context) -> {
			ExecutorService callers = Executors.newFixedThreadPool(2);
			try {
				Future<?> first = callers.submit(() -> get(context));
				Future<?> second = callers.submit(() -> get(context));
				await().atMost(Duration.ofSeconds(5)).until(() -> this.inFlight.get() == 2);
				assertThatExceptionOfType(DownstreamBusyException.class).isThrownBy(() -> get(context))
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("busy"));
				this.release.countDown();
				first.get(5, TimeUnit.SECONDS);
				second.get(5, TimeUnit.SECONDS);
				assertThat(this.server.getRequestCount()).isEqualTo(2);
			}
			finally {
				callers.shutdownNow();
			}
		});
	}

	@Test
	void keepsConcurrentCallsAndThreadsBoundedUnderABurstAgainstASlowDownstream() {
		this.runner.run((context) -> {
			this.release.countDown();
			get(context); // warm up: the HTTP client's own threads exist before the burst
			int threadsBefore = clientThreads();
			int callersCount = 40;
			ExecutorService callers = Executors.newFixedThreadPool(callersCount);
			CountDownLatch slow = new CountDownLatch(1);
			this.server.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
					int now = BulkheadBehaviourTests.this.inFlight.incrementAndGet();
					BulkheadBehaviourTests.this.maxInFlight.accumulateAndGet(now, Math::max);
					try {
						slow.await(10, TimeUnit.SECONDS);
						return Stubs.ok("{}");
					}
					finally {
						BulkheadBehaviourTests.this.inFlight.decrementAndGet();
					}
				}
			});
			try {
				List<Future<?>> results = new ArrayList<>();
				for (int i = 0; i < callersCount; i++) {
					results.add(callers.submit(() -> get(context)));
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> this.inFlight.get() == 2);
				int rejected = 0;
				for (Future<?> result : results.subList(0, callersCount)) {
					if (!result.isDone()) {
						continue;
					}
					try {
						result.get();
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(DownstreamBusyException.class);
						rejected++;
					}
				}
				int threadsAddedDuringBurst = clientThreads() - threadsBefore;
				slow.countDown();
				for (Future<?> result : results) {
					try {
						result.get(10, TimeUnit.SECONDS);
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(DownstreamBusyException.class);
					}
				}
				assertThat(this.maxInFlight.get()).isLessThanOrEqualTo(2);
				assertThat(rejected).isGreaterThan(0);
				// Rejected callers return at once; only the two admitted calls may make the HTTP client add threads
				// (with the bulkhead raised to 40 the same burst ran 24 HTTP client threads).
				assertThat(threadsAddedDuringBurst).isLessThanOrEqualTo(2 * 2 + 2);
			}
			finally {
				callers.shutdownNow();
			}
		});
	}

	/** Threads the JDK HTTP client runs (its selector and worker threads). */
	private static int clientThreads() {
		return (int) java.util.Arrays
			.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ManagementFactory.getThreadMXBean().getAllThreadIds()))
			.filter((info) -> info != null && info.getThreadName().startsWith("HttpClient-"))
			.count();
	}

	private static void get(ApplicationContext context) {
		context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
			.toBodilessEntity();
	}

}
