package dev.platform.clients;

import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ClientsHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClientsResilienceAutoConfiguration.class,
				ClientsAutoConfiguration.class, ClientsHealthAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=http://127.0.0.1:9", "platform.clients.orders.url=http://127.0.0.1:9");

	@Test
	@SuppressWarnings("unchecked")
	void showsEachBreakerStateAndStaysUpWhenABreakerIsOpen() {
		this.runner.run((context) -> {
			context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").transitionToOpenState();
			Health health = context.getBean(DownstreamHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnlyKeys("users", "orders");
			assertThat((Map<String, Object>) health.getDetails().get("users")).containsEntry("state", "OPEN");
			assertThat((Map<String, Object>) health.getDetails().get("orders")).containsEntry("state", "CLOSED");
		});
	}

	@Test
	void isSwitchedOffByTheHealthIndicatorProperty() {
		this.runner.withPropertyValues("management.health.downstreams.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DownstreamHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheIndicator() {
		this.runner.withBean("downstreamsHealthIndicator", org.springframework.boot.health.contributor.HealthIndicator.class,
				() -> () -> Health.down().build())
			.run((context) -> assertThat(context).doesNotHaveBean(DownstreamHealthIndicator.class));
	}

	@Test
	void staysOffWithoutBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).doesNotHaveBean(DownstreamHealthIndicator.class));
	}

}
