package dev.platform.clients;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What one platform client must not do to another, and what a call that never left the process must not do to the
 * breaker.
 */
class ClientIsolationTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.orders.url=" + Stubs.url(this.server),
				"platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.orders.retry.initial-backoff=1ms", "platform.clients.orders.retry.max-backoff=2ms",
				"platform.clients.users.retry.initial-backoff=1ms", "platform.clients.users.retry.max-backoff=2ms");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void anApplicationsSingletonBuilderGivesNoClientAnotherClientsInterceptors() {
		alwaysAnswer(503);
		RestClient.Builder shared = RestClient.builder();
		this.runner.withBean(RestClient.Builder.class, () -> shared)
			.withBean(OutboundTokenSource.class, () -> () -> "user-token")
			.withPropertyValues("platform.clients.orders.relay-token=true")
			.run((context) -> {
				RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
				assertThatException().isThrownBy(() -> users.get().uri("/u").retrieve().toBodilessEntity());
				assertThat(this.server.getRequestCount()).as("users' three attempts, no retries of orders on top")
					.isEqualTo(3);
				assertThat(this.server.takeRequest().getHeaders().get("Authorization"))
					.as("orders relays the token, users does not")
					.isNull();
				CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
				assertThat(breakers.circuitBreaker("orders").getMetrics().getNumberOfBufferedCalls()).isZero();
				assertThat(breakers.circuitBreaker("users").getMetrics().getNumberOfBufferedCalls()).isOne();
			});
	}

	@Test
	void aClientCalledWithinAnotherClientsCallLeavesTheOuterRetriesIntact() throws IOException {
		ResilienceInterceptor orders = interceptor("orders");
		ResilienceInterceptor users = interceptor("users");
		AtomicInteger ordersAttempts = new AtomicInteger();
		AtomicInteger usersAttempts = new AtomicInteger();
		HttpRequest get = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://orders/o"));
		// Each attempt of orders first calls users through its own interceptor (both answer 503 throughout).
		ClientHttpRequestExecution ordersDownstream = (request, body) -> {
			ordersAttempts.incrementAndGet();
			users.intercept(get, body, (innerRequest, innerBody) -> {
				usersAttempts.incrementAndGet();
				return unavailable();
			}).close();
			return unavailable();
		};
		try (ClientHttpResponse response = orders.intercept(get, new byte[0], ordersDownstream)) {
			assertThat(response.getStatusCode().value()).isEqualTo(503);
		}
		assertThat(ordersAttempts).hasValue(3);
		assertThat(usersAttempts).hasValue(9);
	}

	@Test
	void aRequestTheClientCannotBuildDoesNotCountAgainstTheDownstream() {
		this.runner
			.withPropertyValues("platform.clients.users.circuit-breaker.sliding-window-size=4",
					"platform.clients.users.circuit-breaker.minimum-calls=4")
			.run((context) -> {
				RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
				for (int i = 0; i < 4; i++) {
					assertThatException().isThrownBy(() -> users.get()
						.uri("/u")
						.header("X-Search", "abc\r\nX-Injected: 1")
						.retrieve()
						.toBodilessEntity());
				}
				assertThat(this.server.getRequestCount()).isZero();
				CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users");
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
			});
	}

	private static ResilienceInterceptor interceptor(String name) {
		ClientProperties properties = new ClientProperties();
		properties.setUrl("http://" + name);
		properties.getRetry().setInitialBackoff(Duration.ofMillis(1));
		properties.getRetry().setMaxBackoff(Duration.ofMillis(2));
		properties.getRetry().setBudgetReserve(100);
		return new ResilienceInterceptor(DownstreamResilience.create(name, properties,
				CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
				RateLimiterRegistry.ofDefaults()));
	}

	private static ClientHttpResponse unavailable() {
		return new MockClientHttpResponse(new byte[0], HttpStatus.SERVICE_UNAVAILABLE);
	}

	private void alwaysAnswer(int status) {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return Stubs.status(status);
			}

		});
	}

}
