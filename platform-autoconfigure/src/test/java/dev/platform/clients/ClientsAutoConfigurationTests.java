package dev.platform.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ClientsAutoConfigurationTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void createsNoClientsWhenNoneAreConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DownstreamClients.class);
			assertThat(context.getBean(DownstreamClients.class).names()).isEmpty();
			assertThat(context).doesNotHaveBean(RestClient.class);
		});
	}

	@Test
	void registersAQualifiedRestClientPerConfiguredDownstream() {
		this.server.enqueue(Stubs.ok("{\"name\":\"ada\"}"));
		this.runner.withUserConfiguration(UsersConsumer.class)
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
					"platform.clients.orders.url=http://orders.internal:8080")
			.run((context) -> {
				assertThat(context.getBean(DownstreamClients.class).names()).containsExactly("users", "orders");
				assertThat(context).hasBean("usersRestClient").hasBean("ordersDownstreamClient");
				UsersConsumer consumer = context.getBean(UsersConsumer.class);
				assertThat(consumer.users.get().uri("/users/1").retrieve().body(String.class))
					.isEqualTo("{\"name\":\"ada\"}");
				assertThat(consumer.orders.name()).isEqualTo("orders");
				assertThat(this.server.takeRequest().getTarget()).isEqualTo("/users/1");
			});
	}

	@Test
	void failsStartupWhenTheApplicationsRegistryAlreadyHoldsAnInstanceUnderTheClientsName() {
		CircuitBreakerRegistry own = CircuitBreakerRegistry.ofDefaults();
		own.circuitBreaker("users");
		this.runner.withBean(CircuitBreakerRegistry.class, () -> own)
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClientConfigurationException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("platform.clients.users");
					assertThat(ex.getMessage()).contains("already has a circuit breaker named 'users'");
				}));
		RetryRegistry retries = RetryRegistry.ofDefaults();
		retries.retry("users");
		this.runner.withBean(RetryRegistry.class, () -> retries)
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("already has a retry named 'users'"));
		// Instances under other names are the application's own business.
		CircuitBreakerRegistry other = CircuitBreakerRegistry.ofDefaults();
		other.circuitBreaker("payments-gateway");
		this.runner.withBean(CircuitBreakerRegistry.class, () -> other)
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void registersTheResilienceComponentsUnderTheClientName() {
		this.runner.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server)).run((context) -> {
			assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers())
				.extracting("name")
				.containsExactly("users");
			assertThat(context.getBean(RetryRegistry.class).getAllRetries()).extracting("name")
				.containsExactly("users");
		});
	}

	@Test
	void leavesOutAClientSwitchedOffByProperty() {
		this.runner
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
					"platform.clients.orders.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(DownstreamClients.class).names()).containsExactly("users");
				assertThat(context).doesNotHaveBean("ordersRestClient");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheClients() {
		this.runner.withUserConfiguration(CustomClients.class)
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> assertThat(context).getBean(DownstreamClients.class)
				.isSameAs(context.getBean(CustomClients.class).clients));
	}

	@Test
	void staysOffWithoutResilience4j() {
		this.runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(DownstreamClients.class);
			});
	}

	@Test
	void usesThePlatformsJdkRequestFactoryWithTheClientsTimeoutsWhenTheBuilderIsTheJdkClients() {
		// What Boot detects when no other HTTP client is on the class path.
		this.runner.withBean(ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::jdk)
			.withPropertyValues("platform.clients.users.url=http://users", "platform.clients.users.read-timeout=1500ms",
				"platform.clients.users.connect-timeout=700ms")
			.run((context) -> {
				DownstreamClientConfigurer configurer = context.getBean(DownstreamClientConfigurer.class);
				ClientHttpRequestFactory factory = configurer.requestFactory(HttpClientSettings.defaults()
					.withTimeouts(Duration.ofMillis(700), Duration.ofMillis(1500)));
				assertThat(factory).isInstanceOfSatisfying(DeadlineJdkClientHttpRequestFactory.class, (jdk) -> {
					assertThat(jdk.readTimeout()).isEqualTo(Duration.ofMillis(1500));
					assertThat(jdk.httpClient().connectTimeout()).contains(Duration.ofMillis(700));
				});
			});
	}

	@Test
	void usesAnotherKindOfRequestFactoryBuilderBeanAsItIs() {
		this.runner.withBean(ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::simple)
			.withPropertyValues("platform.clients.users.url=http://users")
			.run((context) -> assertThat(context.getBean(DownstreamClientConfigurer.class)
				.requestFactory(HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(1))))
				.isInstanceOf(SimpleClientHttpRequestFactory.class));
	}

	@Test
	void letsACustomizerReplaceTheRequestFactory() {
		List<String> sent = new CopyOnWriteArrayList<>();
		ClientHttpRequestFactory recording = (uri, method) -> {
			sent.add(method + " " + uri.getPath());
			return new SimpleClientHttpRequestFactory().createRequest(uri, method);
		};
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withBean(DownstreamClientCustomizer.class, () -> (name, builder) -> builder.requestFactory(recording))
			.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server))
			.run((context) -> {
				RestClient users = context.getBean("usersRestClient", RestClient.class);
				assertThat(users.get().uri("/users/1").retrieve().body(String.class)).isEqualTo("{}");
				assertThat(sent).containsExactly("GET /users/1");
			});
	}

	@Test
	void failsStartupNamingTheUrlPropertyWhenTheUrlIsMissing() {
		this.runner.withPropertyValues("platform.clients.users.read-timeout=1s")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClientConfigurationException.class)
				.hasMessageContaining("platform.clients.users.url is required"));
	}

	@Test
	void failsStartupNamingTheUrlPropertyWhenTheUrlIsMalformed() {
		this.runner.withPropertyValues("platform.clients.users.url=users-service:8080")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("platform.clients.users.url must be an absolute http or https URL"));
	}

	@Test
	void failsStartupNamingAKnobWithAnImpossibleValue() {
		this.runner
			.withPropertyValues("platform.clients.users.url=http://users", "platform.clients.users.retry.jitter=1.5")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("platform.clients.users.retry.jitter must be at least 0 and below 1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "retry.initial-backoff", "retry.max-backoff", "circuit-breaker.open-duration" })
	void failsStartupNamingADurationBelowOneMillisecond(String knob) {
		// Resilience4j counts these in whole milliseconds: 500us would fail at the first retry, or name no property.
		this.runner.withPropertyValues("platform.clients.users.url=http://users", "platform.clients.users." + knob + "=500us")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClientConfigurationException.class)
				.hasMessageContaining("platform.clients.users." + knob + " must be at least 1ms, was 500us"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"retry.initial-backoff=5s,retry.max-backoff=1s | platform.clients.users.retry.initial-backoff must not be longer than platform.clients.users.retry.max-backoff (1s), was 5s",
			"circuit-breaker.minimum-calls=50,circuit-breaker.sliding-window-size=20 | platform.clients.users.circuit-breaker.minimum-calls must not exceed platform.clients.users.circuit-breaker.sliding-window-size (20)",
			"url=http://users:99999 | platform.clients.users.url has port 99999, above 65535" })
	void failsStartupNamingKnobsThatContradictEachOther(String knobs, String message) {
		List<String> properties = new ArrayList<>(List.of("platform.clients.users.url=http://users"));
		for (String knob : knobs.split(",")) {
			properties.add("platform.clients.users." + knob);
		}
		this.runner.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClientConfigurationException.class)
				.hasMessageContaining(message));
	}

	@Test
	void failsStartupNamingAMisspeltKey() {
		// Left alone, the default read timeout would stay in place without a word.
		this.runner.withPropertyValues("platform.clients.users.url=http://users",
				"platform.clients.users.read-timout=30s")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClientConfigurationException.class)
				.hasMessage("platform.clients.users.read-timout is not a client property, so it would have no "
						+ "effect; did you mean 'platform.clients.users.read-timeout'? (the properties of a client are "
						+ "listed in docs/clients.md)"));
	}

	@Test
	void leavesMisspeltKeysToTheUnknownPropertyCheckWhenItRan() {
		// In a Boot application the check has failed startup already for the application's own configuration, or
		// warned for configuration from outside it (an environment variable, say), which must not fail here.
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new org.springframework.core.env.MapPropertySource(
						dev.platform.environment.PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED, Map.of())))
			.withPropertyValues("platform.clients.users.url=http://users", "platform.clients.users.read-timout=30s")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(DownstreamClients.class)
				.satisfies((clients) -> assertThat(clients.get("users")).isNotNull()));
	}

	@Test
	void failsStartupForClientNamesThatDifferOnlyByCase() {
		this.runner.withPropertyValues("platform.clients.Users.url=http://users",
				"platform.clients.users.url=http://users")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ClientConfigurationException.class)
				.hasMessageContaining("differ only by letter case"));
	}

	@Test
	void failsStartupNamingAKnobThatDoesNotParse() {
		this.runner
			.withPropertyValues("platform.clients.users.url=http://users",
					"platform.clients.users.read-timeout=soon")
			.run((context) -> {
				assertThat(context).getFailure().hasRootCauseInstanceOf(IllegalArgumentException.class);
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof BindException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(BindException.class)
					.hasMessageContaining("platform.clients.users.read-timeout");
			});
	}

	@Test
	void failsStartupWhenTokenRelayIsOnWithoutATokenSource() {
		this.runner
			.withPropertyValues("platform.clients.users.url=http://users", "platform.clients.users.relay-token=true")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("platform.clients.users.relay-token is true but there is no OutboundTokenSource"));
	}

	@Test
	void failureAnalysisNamesThePropertyAndTheEnvironmentVariable() {
		FailureAnalysis analysis = new ClientConfigurationFailureAnalyzer()
			.analyze(new ClientConfigurationException("platform.clients.users.url", "is required"));
		assertThat(analysis.getDescription()).contains("platform.clients.users.url is required");
		assertThat(analysis.getAction()).contains("PLATFORM_CLIENTS_USERS_URL");
		FailureAnalysis dashed = new ClientConfigurationFailureAnalyzer().analyze(
				new ClientConfigurationException("platform.clients.user-service.read-timeout", "must be positive"));
		assertThat(dashed.getAction()).isEqualTo("Fix platform.clients.user-service.read-timeout.");
		FailureAnalysis camel = new ClientConfigurationFailureAnalyzer()
			.analyze(new ClientConfigurationException("platform.clients.userService.url", "is required"));
		assertThat(camel.getAction()).isEqualTo("Fix platform.clients.userService.url.");
	}

	@Test
	void failsStartupForTwoClientsWhoseNamesDifferOnlyByDashes() {
		// What PLATFORM_CLIENTS_USERSERVICE_URL does next to a client named user-service in a file.
		this.runner
			.withPropertyValues("platform.clients.user-service.url=http://users",
					"platform.clients.userservice.url=http://users:8081")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("platform.clients.userservice and platform.clients.user-service are two clients "
						+ "whose names differ only by dashes")
				.hasMessageContaining("Give the client a name without dashes")
				.satisfies((failure) -> assertThat(new ClientConfigurationFailureAnalyzer().analyze(failure).getAction())
					.isEqualTo("Fix platform.clients.userservice.")));
	}

	@Test
	void failureAnalysisExplainsAnInjectedClientThatIsSwitchedOff() {
		String[] properties = { "platform.clients.users.url=http://users", "platform.clients.users.enabled=false",
				"platform.clients.orders.url=http://orders" };
		this.runner.withPropertyValues(properties).withUserConfiguration(UsersConsumer.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new DisabledClientFailureAnalyzer(environment(properties))
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("needs the client 'users' (a RestClient)")
				.contains("platform.clients.users.enabled=false leaves out")
				.contains(UsersConsumer.class.getName());
			assertThat(analysis.getAction()).contains("platform.clients.users.enabled=true")
				.contains("PLATFORM_CLIENTS_USERS_ENABLED=true")
				.contains("ObjectProvider<RestClient> with @Qualifier(\"users\")");
		});
	}

	@Test
	void failureAnalysisLeavesAMissingClientThatIsNotSwitchedOffToBoot() {
		// 'users' is not configured at all: Boot's own analysis (no qualifying bean) says what there is to say.
		String[] properties = { "platform.clients.orders.url=http://orders",
				"platform.clients.payments.url=http://payments", "platform.clients.payments.enabled=false" };
		this.runner.withPropertyValues(properties).withUserConfiguration(UsersConsumer.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new DisabledClientFailureAnalyzer(environment(properties)).analyze(context.getStartupFailure()))
				.isNull();
		});
	}

	@Test
	void startupFailureReportIsThePlatformsAnalysisNotBootsMissingBean(
			org.springframework.boot.test.system.CapturedOutput output) {
		org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication(
				SwitchedOffClientApplication.class);
		application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
		org.assertj.core.api.Assertions
			.assertThatException()
			.isThrownBy(() -> application.run("--platform.clients.users.url=http://users",
					"--platform.clients.users.enabled=false", "--platform.clients.orders.url=http://orders",
					"--spring.main.banner-mode=off"));
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains("needs the client 'users' (a RestClient)")
				.contains("PLATFORM_CLIENTS_USERS_ENABLED=true"));
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.Import({ ClientsResilienceAutoConfiguration.class,
			ClientsAutoConfiguration.class, UsersConsumer.class })
	static class SwitchedOffClientApplication {

	}

	private static org.springframework.core.env.Environment environment(String... properties) {
		org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
		for (String property : properties) {
			environment.setProperty(property.substring(0, property.indexOf('=')),
					property.substring(property.indexOf('=') + 1));
		}
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	static class UsersConsumer {

		final RestClient users;

		final DownstreamClient orders;

		UsersConsumer(@Qualifier("users") RestClient users,
				@Qualifier("orders") DownstreamClient orders) {
			this.users = users;
			this.orders = orders;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomClients {

		final DownstreamClients clients = new DownstreamClients(
				new DownstreamClientConfigurer(java.util.Map.of(), null, HttpClientSettings.defaults(), null,
						(name) -> null, null, "x", java.util.List.of(), io.micrometer.observation.ObservationRegistry.NOOP),
				RestClient::builder);

		@Bean
		DownstreamClients downstreamClients() {
			return this.clients;
		}

	}

}
