package dev.platform.clients;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which calls are retried, on what, and how often, against a loopback stub that injects faults.
 */
class RetryBehaviourTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.retry.initial-backoff=5ms", "platform.clients.users.retry.max-backoff=20ms",
				// Generous: on a loaded machine the stub's own faults must arrive before any timeout.
				"platform.clients.users.read-timeout=5s");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void retriesAnIdempotentGetOn503UntilItSucceeds() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.status(502));
		this.server.enqueue(Stubs.ok("\"ok\""));
		this.runner.run((context) -> {
			String body = users(context).get().uri("/u").retrieve().body(String.class);
			assertThat(body).isEqualTo("\"ok\"");
			assertThat(this.server.getRequestCount()).isEqualTo(3);
		});
	}

	@Test
	void attemptsAPostWithoutIdempotencyKeyExactlyOnce() {
		Stubs.enqueue(this.server, Stubs.status(503), 3);
		this.runner.run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> users(context).post().uri("/orders").body("{}").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void retriesAPostCarryingAnIdempotencyKey() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			users(context).post().uri("/orders").header("Idempotency-Key", "k-1").body("{}").retrieve()
				.toBodilessEntity();
			assertThat(this.server.getRequestCount()).isEqualTo(2);
			assertThat(this.server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("k-1");
			assertThat(this.server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("k-1");
		});
	}

	@Test
	void neverRetriesA4xx() {
		Stubs.enqueue(this.server, Stubs.status(404), 3);
		this.runner.run((context) -> {
			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void doesNotRetryA500BecauseTheServerMayHaveActed() {
		Stubs.enqueue(this.server, Stubs.status(500), 3);
		this.runner.run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.InternalServerError.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void retriesA429AfterTheRetryAfterTheServerAsksFor() {
		java.util.List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.server.setDispatcher(new mockwebserver3.Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				arrivals.add(System.nanoTime());
				return (arrivals.size() == 1)
						? new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build()
						: Stubs.ok("{}");
			}
		});
		this.runner.run((context) -> {
			users(context).get().uri("/u").retrieve().toBodilessEntity();
			assertThat(arrivals).hasSize(2);
			assertThat(retry(context).getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
		});
		// The backoff is configured at 5-20 ms, so a gap this long can only come from Retry-After.
		assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
	}

	@Test
	void doesNotWaitForARetryAfterLongerThanItsLimit() {
		this.server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "120").build());
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void retriesAConnectFailureAndThenReportsTheDownstreamUnavailable() {
		this.runner.withPropertyValues("platform.clients.users.url=" + Stubs.closedPortUrl()).run((context) -> {
			assertThatExceptionOfType(DownstreamUnavailableException.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().toBodilessEntity())
				.satisfies((ex) -> assertThat(ex.getClient()).isEqualTo("users"));
			assertThat(retry(context).getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
			assertThat(context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").getMetrics()
				.getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void doesNotRetryAConnectionDroppedAfterTheRequestWasSent() {
		this.server.setDispatcher(new mockwebserver3.Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
			}
		});
		this.runner.run((context) -> {
			assertThatExceptionOfType(DownstreamUnavailableException.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().toBodilessEntity());
			// The JDK client itself may repeat a GET once on a dropped connection; this layer adds no retry.
			assertThat(retry(context).getMetrics().getNumberOfFailedCallsWithoutRetryAttempt()).isEqualTo(1);
			assertThat(retry(context).getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isZero();
		});
	}

	@Test
	void sendsAPostWhoseConnectionDroppedOnlyOnce() {
		this.server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			assertThatExceptionOfType(DownstreamUnavailableException.class)
				.isThrownBy(() -> users(context).post().uri("/orders").body("{}").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void reportsAResponseSlowerThanTheReadTimeoutAsATimeoutWithoutRetrying() {
		this.server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withPropertyValues("platform.clients.users.read-timeout=500ms").run((context) -> {
			assertThatExceptionOfType(DownstreamTimeoutException.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().body(String.class));
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void surfacesAMalformedBodyAsAnErrorWithoutRetryingOrBlamingTheDownstream() {
		this.server.enqueue(Stubs.ok("{\"name\": "));
		this.runner.run((context) -> {
			assertThatExceptionOfType(RestClientException.class)
				.isThrownBy(() -> users(context).get().uri("/u").retrieve().body(java.util.Map.class))
				.isNotInstanceOf(DownstreamException.class);
			assertThat(this.server.getRequestCount()).isEqualTo(1);
			assertThat(context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").getMetrics()
				.getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void readsAnEmptyBodyAsNoValue() {
		this.server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").build());
		this.runner.run((context) -> {
			assertThat(users(context).get().uri("/u").retrieve().body(java.util.Map.class)).isNull();
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void keepsAttemptsWithinTheRetryBudgetWhenEveryCallFails() {
		this.server.setDispatcher(new mockwebserver3.Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return Stubs.status(503);
			}
		});
		int calls = 50;
		this.runner
			.withPropertyValues("platform.clients.users.retry.budget-ratio=0.2",
					"platform.clients.users.retry.budget-reserve=2",
					"platform.clients.users.circuit-breaker.sliding-window-size=1000",
					"platform.clients.users.circuit-breaker.minimum-calls=1000")
			.run((context) -> {
				RestClient users = users(context);
				for (int i = 0; i < calls; i++) {
					assertThatExceptionOfType(HttpServerErrorException.class)
						.isThrownBy(() -> users.get().uri("/u").retrieve().toBodilessEntity());
				}
				// Without the budget: 3 attempts per call, 150 requests.
				assertThat(this.server.getRequestCount()).isGreaterThan(calls).isLessThanOrEqualTo(calls + 10 + 2);
			});
	}

	private static RestClient users(org.springframework.context.ApplicationContext context) {
		return context.getBean(DownstreamClients.class).get("users").restClient();
	}

	private static Retry retry(org.springframework.context.ApplicationContext context) {
		return context.getBean(RetryRegistry.class).retry("users");
	}

}
