package dev.platform.clients;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @HttpExchange} interfaces get the same profile as the client of the same name.
 */
class HttpInterfaceClientTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
				ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.retry.initial-backoff=5ms");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void createsAnHttpInterfaceClientOnTheDownstreamsRestClient() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.ok("\"ada\""));
		this.runner.run((context) -> {
			UsersApi users = context.getBean(DownstreamClients.class).get("users").httpService(UsersApi.class);
			assertThat(users.user("1")).isEqualTo("\"ada\"");
			assertThat(this.server.getRequestCount()).isEqualTo(2);
		});
	}

	@Test
	void givesAnImportedHttpServiceGroupTheProfileOfTheClientWithItsName() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.ok("\"ada\""));
		this.runner.withUserConfiguration(UsersGroup.class).run((context) -> {
			UsersApi users = context.getBean(UsersApi.class);
			assertThat(users.user("1")).isEqualTo("\"ada\"");
			assertThat(this.server.takeRequest().getTarget()).isEqualTo("/users/1");
			assertThat(this.server.getRequestCount()).isEqualTo(2);
			context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").transitionToOpenState();
			assertThatExceptionOfType(DownstreamCircuitOpenException.class).isThrownBy(() -> users.user("2"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "users", types = UsersApi.class)
	static class UsersGroup {

	}

}
