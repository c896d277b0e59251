package dev.platform.clients;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterBehaviourTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void rejectsCallsPastTheConfiguredRateWithoutBlamingTheDownstream() {
		Stubs.enqueue(this.server, Stubs.ok("{}"), 10);
		this.runner.withPropertyValues("platform.clients.users.rate-limiter.calls-per-second=1").run((context) -> {
			int rejected = 0;
			// Six calls back to back at one permit per second: after the first has warmed the client up, loopback
			// calls take milliseconds, so at least one finds the permit used up.
			for (int i = 0; i < 6; i++) {
				try {
					get(context);
				}
				catch (DownstreamBusyException ex) {
					rejected++;
				}
			}
			assertThat(rejected).isPositive();
			assertThat(this.server.getRequestCount()).isEqualTo(6 - rejected);
			assertThat(context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").getMetrics()
				.getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void hasNoRateLimiterUnlessOneIsConfigured() {
		Stubs.enqueue(this.server, Stubs.ok("{}"), 3);
		this.runner.run((context) -> {
			get(context);
			get(context);
			get(context);
			assertThat(this.server.getRequestCount()).isEqualTo(3);
			assertThat(context.getBean(RateLimiterRegistry.class).getAllRateLimiters()).isEmpty();
		});
	}

	private static void get(ApplicationContext context) {
		context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
			.toBodilessEntity();
	}

}
