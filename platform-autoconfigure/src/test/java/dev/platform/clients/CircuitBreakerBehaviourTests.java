package dev.platform.clients;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The breaker's life cycle, and why it sits outside the retry (see {@link ResilienceInterceptor}).
 */
@ExtendWith(OutputCaptureExtension.class)
class CircuitBreakerBehaviourTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.retry.initial-backoff=5ms", "platform.clients.users.retry.max-backoff=20ms",
				"platform.clients.users.circuit-breaker.sliding-window-size=4",
				"platform.clients.users.circuit-breaker.minimum-calls=4",
				"platform.clients.users.circuit-breaker.half-open-calls=2",
				"platform.clients.users.circuit-breaker.open-duration=300ms");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void opensAfterTheMinimumCallsAndThenFailsFastWithoutCallingTheDownstream() {
		Stubs.enqueue(this.server, Stubs.status(500), 4);
		// Open long enough that no slow machine lets the breaker half-open before the fifth call.
		this.runner.withPropertyValues("platform.clients.users.circuit-breaker.open-duration=60s").run((context) -> {
			for (int i = 0; i < 4; i++) {
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> get(context));
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThatExceptionOfType(DownstreamCircuitOpenException.class).isThrownBy(() -> get(context))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(60)));
			assertThat(this.server.getRequestCount()).isEqualTo(4);
		});
	}

	@Test
	void closesAgainWhenTheHalfOpenProbesSucceed() {
		Stubs.enqueue(this.server, Stubs.status(500), 4);
		Stubs.enqueue(this.server, Stubs.ok("{}"), 2);
		this.runner.run((context) -> {
			for (int i = 0; i < 4; i++) {
				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> get(context));
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(DownstreamCircuitOpenException.class)
				.untilAsserted(() -> get(context));
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
			get(context);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(this.server.getRequestCount()).isEqualTo(6);
		});
	}

	@Test
	void logsEachChangeOfState(CapturedOutput output) {
		Stubs.enqueue(this.server, Stubs.status(500), 4);
		Stubs.enqueue(this.server, Stubs.ok("{}"), 2);
		this.runner.run((context) -> {
			for (int i = 0; i < 4; i++) {
				assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> get(context));
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("Client 'users': circuit breaker opened (failure rate "
						+ "100%, slow calls 0% of the last 4 calls); calls fail fast for 300ms"));
			await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(DownstreamCircuitOpenException.class)
				.untilAsserted(() -> get(context));
			get(context);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output)
					.contains("Client 'users': circuit breaker half-open, letting 2 calls through")
					.contains("Client 'users': circuit breaker closed, calls go through again"));
		});
	}

	@Test
	void countsALogicalCallOnceInTheBreakerHoweverOftenItWasRetried() {
		Stubs.enqueue(this.server, Stubs.status(503), 3);
		this.runner.run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> get(context));
			assertThat(this.server.getRequestCount()).isEqualTo(3);
			// Retry inside the breaker: three attempts, one failure. Outside, one outage call would count three
			// times and open the breaker after a third of the calls its window is sized for.
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
		});
	}

	@Test
	void doesNotRetryACallTheOpenBreakerRejected() {
		this.runner.withPropertyValues("platform.clients.users.circuit-breaker.open-duration=60s").run((context) -> {
			breaker(context).transitionToOpenState();
			assertThatExceptionOfType(DownstreamCircuitOpenException.class).isThrownBy(() -> get(context));
			assertThat(this.server.getRequestCount()).isZero();
			Retry.Metrics retries = context.getBean(RetryRegistry.class).retry("users").getMetrics();
			assertThat(retries.getNumberOfFailedCallsWithRetryAttempt()
					+ retries.getNumberOfFailedCallsWithoutRetryAttempt()).isZero();
			assertThat(breaker(context).getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
		});
	}

	@Test
	void doesNotCountA4xxAsADownstreamFailure() {
		Stubs.enqueue(this.server, Stubs.status(404), 4);
		this.runner.run((context) -> {
			for (int i = 0; i < 4; i++) {
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> get(context));
			}
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	private static void get(ApplicationContext context) {
		RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
		users.get().uri("/u").retrieve().toBodilessEntity();
	}

	private static CircuitBreaker breaker(ApplicationContext context) {
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users");
	}

}
