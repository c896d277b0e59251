package dev.platform.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
	void aGetOnAKeptAliveConnectionTheServerClosedIsReplayedOnce() throws Exception {
		// What Apache's own retries did and must still do: the server closes an idle kept-alive connection just as
		// the next request is written on it.
		try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			Thread server = new Thread(() -> {
				try (Socket first = listener.accept()) {
					BufferedReader in = reader(first);
					readRequest(in);
					ok(first);
					readRequest(in); // the second request on the same connection: closed instead of answered
				}
				catch (Exception ex) {
					return;
				}
				try (Socket second = listener.accept()) {
					readRequest(reader(second));
					ok(second); // the response is complete (Content-Length): closing after it loses nothing
				}
				catch (Exception ex) {
					// the test fails on the client side
				}
			});
			server.setDaemon(true);
			server.start();
			this.runner.withPropertyValues("platform.clients.users.url=http://127.0.0.1:" + listener.getLocalPort())
				.run((context) -> {
					RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
					users.get().uri("/u").retrieve().toBodilessEntity();
					assertThat(users.get().uri("/u").retrieve().toBodilessEntity().getStatusCode().value())
						.isEqualTo(200);
				});
		}
	}

	private static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
	}

	private static void readRequest(BufferedReader in) throws IOException {
		String line;
		while ((line = in.readLine()) != null && !line.isEmpty()) {
			// headers
		}
	}

	private static void ok(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
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
