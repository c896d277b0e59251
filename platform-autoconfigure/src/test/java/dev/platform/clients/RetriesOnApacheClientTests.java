package dev.platform.clients;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The clients on Apache HttpClient 5, which Boot picks over the JDK client when an application has it. Run by the
 * {@code apache-client-tests} execution, the only one with Apache on the class path: the retry policy stays the
 * only one to retry, and Apache's connect timeout counts as a connect failure.
 */
class RetriesOnApacheClientTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.retry.initial-backoff=5ms",
				"platform.clients.users.retry.max-backoff=10ms");

	@BeforeEach
	void apacheIsWhatBootPicks() {
		assertThat(ClientHttpRequestFactoryBuilder.detect())
			.isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aPostWithoutAnIdempotencyKeyIsSentOnceOnA503() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server)).run((context) -> {
			RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
			assertThatException().isThrownBy(
					() -> users.post().uri("/orders").body("{\"amount\":100}").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void aGetIsAttemptedMaxAttemptsTimesDuringAnOutage() {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return Stubs.status(503);
			}

		});
		this.runner.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server)).run((context) -> {
			RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
			assertThatException().isThrownBy(() -> users.get().uri("/u").retrieve().toBodilessEntity());
			assertThat(this.server.getRequestCount()).isEqualTo(3);
		});
	}

	@Test
	void aConnectTimeoutIsRetriedAndReportedAsUnavailable() throws Exception {
		// A listener whose accept backlog is full: the kernel drops further connection attempts, which time out.
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> fillers = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					Socket filler = new Socket();
					try {
						filler.connect(listener.getLocalSocketAddress(), 200);
						fillers.add(filler);
					}
					catch (Exception ex) {
						filler.close();
						break;
					}
				}
				this.runner
					.withPropertyValues("platform.clients.users.url=http://127.0.0.1:" + listener.getLocalPort(),
							"platform.clients.users.connect-timeout=300ms", "platform.clients.users.read-timeout=5s")
					.run((context) -> {
						RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
						assertThatException().isThrownBy(() -> users.get().uri("/u").retrieve().toBodilessEntity())
							.isInstanceOf(DownstreamUnavailableException.class);
						Retry.Metrics retry = context.getBean(RetryRegistry.class).retry("users").getMetrics();
						assertThat(retry.getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
					});
			}
			finally {
				for (Socket filler : fillers) {
					filler.close();
				}
			}
		}
	}

}
