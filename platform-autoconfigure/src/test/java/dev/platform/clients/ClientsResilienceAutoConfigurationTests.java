package dev.platform.clients;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ClientsResilienceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class));

	@Test
	void providesTheRegistriesTheClientsUse() {
		this.runner.withPropertyValues("platform.clients.users.url=http://127.0.0.1:9").run((context) -> {
			assertThat(context).hasSingleBean(CircuitBreakerRegistry.class).hasSingleBean(RetryRegistry.class)
				.hasSingleBean(BulkheadRegistry.class).hasSingleBean(RateLimiterRegistry.class);
			assertThat(context.getBean(BulkheadRegistry.class).getAllBulkheads()).extracting("name")
				.containsExactly("users");
		});
	}

	@Test
	void usesARegistryTheUserDefines() {
		CircuitBreakerRegistry own = CircuitBreakerRegistry.ofDefaults();
		this.runner.withBean(CircuitBreakerRegistry.class, () -> own)
			.withPropertyValues("platform.clients.users.url=http://127.0.0.1:9")
			.run((context) -> {
				assertThat(context).getBean(CircuitBreakerRegistry.class).isSameAs(own);
				assertThat(own.find("users")).isPresent();
			});
	}

	@Test
	void staysOffWithoutResilience4jRetry() {
		this.runner.withClassLoader(new FilteredClassLoader(RetryRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class)
				.doesNotHaveBean(DownstreamClients.class));
	}

}
