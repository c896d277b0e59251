package dev.platform.clients;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ClientsMetricsAutoConfigurationTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestClientObservationAutoConfiguration.class,
				ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class,
				ClientsMetricsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void timesEachCallUnderTheClientNameRatherThanTheHost() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			users(context).get().uri("/users/{id}", 7).retrieve().toBodilessEntity();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("http.client.requests").tag("client.name", "users").tag("uri", "/users/{id}")
				.timer().count()).isEqualTo(1);
		});
	}

	@Test
	void bindsResilience4jMetersTaggedWithTheClientName() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			users(context).get().uri("/u").retrieve().toBodilessEntity();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "users").tag("state", "closed")
				.gauge().value()).isEqualTo(1);
			assertThat(registry.get("resilience4j.circuitbreaker.calls").tag("name", "users").tag("kind", "successful")
				.timer().count()).isEqualTo(1);
			assertThat(registry.find("resilience4j.retry.calls").tag("name", "users").meters()).isNotEmpty();
			assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", "users")
				.gauge()).isNotNull();
		});
	}

	@Test
	void backsOffWhenTheUserBindsTheBreakerMetersThemselves() {
		this.runner.withBean("custom", TaggedCircuitBreakerMetrics.class,
				() -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(
						io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults()))
			.run((context) -> assertThat(context).getBeans(TaggedCircuitBreakerMetrics.class).containsOnlyKeys("custom"));
	}

	@Test
	void staysOffWithoutResilience4jMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j.micrometer"))
			.run((context) -> assertThat(context).doesNotHaveBean(TaggedCircuitBreakerMetrics.class)
				.hasSingleBean(DownstreamClients.class));
	}

	@Test
	void registersTheCallsPerRequestFilterInAServletApplicationOnly() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("callsPerRequestFilter"));
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class,
				ClientsMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasBean("callsPerRequestFilter"));
	}

	@Test
	void recordsHowManyCallsEachInboundRequestMadePerDownstream() {
		Stubs.enqueue(this.server, Stubs.ok("{}"), 4);
		this.runner.withPropertyValues("platform.clients.orders.url=" + Stubs.url(this.server)).run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			CallsPerRequestFilter filter = new CallsPerRequestFilter(registry, true);
			RestClient users = users(context);
			RestClient orders = context.getBean(DownstreamClients.class).get("orders").restClient();
			filter.doFilter(new MockHttpServletRequest("GET", "/page"), new MockHttpServletResponse(),
					(request, response) -> {
						for (int i = 0; i < 3; i++) {
							users.get().uri("/u/{i}", i).retrieve().toBodilessEntity();
						}
						orders.get().uri("/o").retrieve().toBodilessEntity();
					});
			DistributionSummary usersCalls = registry.get(CallsPerRequestFilter.METRIC).tag("client", "users")
				.summary();
			assertThat(usersCalls.count()).isEqualTo(1);
			assertThat(usersCalls.totalAmount()).isEqualTo(3);
			assertThat(registry.get(CallsPerRequestFilter.METRIC).tag("client", "orders").summary().totalAmount())
				.isEqualTo(1);
			// Outside an inbound request nothing is recorded.
			this.server.enqueue(Stubs.ok("{}"));
			users.get().uri("/background").retrieve().toBodilessEntity();
			assertThat(registry.get(CallsPerRequestFilter.METRIC).tag("client", "users").summary().count())
				.isEqualTo(1);
		});
	}

	private static RestClient users(org.springframework.context.ApplicationContext context) {
		return context.getBean(DownstreamClients.class).get("users").restClient();
	}


}
