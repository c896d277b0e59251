package dev.platform.clients;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A response whose headers arrive in time but whose body stalls past the read timeout is a timeout: for the
 * caller (a {@link DownstreamTimeoutException}, so a 503 or the fallback), and for the breaker (a failure), not a
 * success with an unreadable body.
 */
class StalledBodyTests {

	private static final String BODY = "{\"id\":\"u-1\",\"name\":\"" + "x".repeat(200) + "\"}";

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.read-timeout=300ms", "platform.clients.users.retry.max-attempts=1",
				"platform.clients.users.circuit-breaker.sliding-window-size=4",
				"platform.clients.users.circuit-breaker.minimum-calls=4",
				"platform.clients.users.circuit-breaker.open-duration=60s");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aBodyThatStallsIsATimeoutForTheCaller() {
		this.server.enqueue(stalled());
		this.runner.run((context) -> {
			assertThatExceptionOfType(DownstreamTimeoutException.class).isThrownBy(() -> readUser(context))
				.satisfies((ex) -> assertThat(ex.getClient()).isEqualTo("users"));
			CircuitBreaker.Metrics metrics = breaker(context).getMetrics();
			assertThat(metrics.getNumberOfFailedCalls()).isOne();
			assertThat(metrics.getNumberOfSuccessfulCalls()).isZero();
		});
	}

	@Test
	void theFallbackAnswersForABodyThatStalls() {
		this.server.enqueue(stalled());
		this.runner.run((context) -> {
			DownstreamClient users = context.getBean(DownstreamClients.class).get("users");
			assertThat(users.callOrDefault(() -> readUser(context), Map.of("id", "fallback")))
				.containsEntry("id", "fallback");
		});
	}

	@Test
	void theFallbackAnswersWhenJacksonWrapsTheTimeout() {
		// Stalled inside a record's value, which Jackson reads in a try block that wraps what the stream threw.
		this.server.enqueue(stalled());
		this.runner.run((context) -> {
			DownstreamClient users = context.getBean(DownstreamClients.class).get("users");
			User fallback = new User("fallback", "");
			assertThat(users.callOrDefault(() -> users.restClient().get().uri("/u").retrieve().body(User.class),
					fallback)).isSameAs(fallback);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void bodiesThatStallOpenTheBreaker() {
		Stubs.enqueue(this.server, stalled(), 4);
		this.runner.run((context) -> {
			for (int i = 0; i < 4; i++) {
				assertThatExceptionOfType(DownstreamTimeoutException.class).isThrownBy(() -> readUser(context));
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThatExceptionOfType(DownstreamCircuitOpenException.class).isThrownBy(() -> readUser(context));
			assertThat(this.server.getRequestCount()).isEqualTo(4);
		});
	}

	@Test
	void aBodyReadInTimeIsASuccess() {
		Stubs.enqueue(this.server, Stubs.ok(BODY), 2);
		this.runner.run((context) -> {
			assertThat(readUser(context)).containsEntry("id", "u-1");
			// Read without a body converter: the success is recorded when the response is closed.
			context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
				.toBodilessEntity();
			assertThat(breaker(context).getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	record User(String id, String name) {
	}

	private static MockResponse stalled() {
		// The headers at once, then 16 bytes a second: the 230-byte body needs far longer than the read timeout.
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(BODY)
			.throttleBody(16, 1, TimeUnit.SECONDS)
			.build();
	}

	private static Map<String, Object> readUser(ApplicationContext context) {
		return context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
	}

	private static CircuitBreaker breaker(ApplicationContext context) {
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users");
	}

}
