package dev.platform.environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class UnknownPlatformPropertiesEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	UnknownPlatformPropertiesEnvironmentPostProcessorTests() {
		// Only what each test puts there: the machine's PLATFORM_* variables are none of its business.
		this.environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		this.environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
	}

	private final List<String> warnings = new ArrayList<>();

	private final DeferredLogFactory logs = (destination) -> new NoOpLog() {

		@Override
		public void warn(Object message) {
			UnknownPlatformPropertiesEnvironmentPostProcessorTests.this.warnings.add(String.valueOf(message));
		}

	};

	@Test
	void startsWithKnownPropertiesOnly() {
		properties(Map.of("platform.environment", "prod", "platform.clients.users.url", "http://users",
				"platform.security.jwt.public-paths[0]", "/health", "spring.application.name", "svc",
				"unrelated.platform.key", "x"));
		assertThatNoException().isThrownBy(this::process);
		assertThat(this.warnings).isEmpty();
	}

	@Test
	void failsNamingEachUnknownPropertyWhereItWasSetAndWhatWasMeant() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("platform.security.jwt.public-key-location", tracked("file:/keys/pub.pem", 3));
		values.put("platform.enviroment", tracked("prod", 4));
		values.put("platform.made-up", tracked("x", 5));
		this.environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("Config resource 'class path resource [application.properties]'",
					values));
		UnknownPlatformPropertiesException failure = assertThatExceptionOfType(UnknownPlatformPropertiesException.class)
			.isThrownBy(this::process)
			.actual();
		assertThat(failure.getDescriptions()).hasSize(3);
		assertThat(failure.getDescriptions().get(0)).startsWith("'platform.security.jwt.public-key-location' (")
			.contains("application.properties", " - 3:1")
			.endsWith(": did you mean 'platform.security.jwt.public-key'?");
		assertThat(failure.getDescriptions().get(1)).endsWith(": did you mean 'platform.environment'?");
		assertThat(failure.getDescriptions().get(2)).startsWith("'platform.made-up'").doesNotContain("did you mean");
		FailureAnalysis analysis = new UnknownPlatformPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("platform.enviroment", "platform.made-up");
		assertThat(analysis.getAction()).contains("platform.fail-on-unknown-properties=false");
	}

	@Test
	void failsForTheApplicationsOwnConfigurationOnly() {
		for (String own : new String[] { "commandLineArgs", "defaultProperties",
				"Config resource 'class path resource [application-prod.yaml]' via location 'optional:classpath:/'" }) {
			StandardEnvironment environment = this.environment;
			environment.getPropertySources().addFirst(new MapPropertySource(own, Map.of("platform.enviroment", "x")));
			assertThatExceptionOfType(UnknownPlatformPropertiesException.class).as(own).isThrownBy(this::process);
			environment.getPropertySources().remove(own);
		}
		for (String outside : new String[] { "systemProperties", "configserver:application",
				"Config resource 'file [/etc/orders/application.yaml]' via location 'optional:file:/etc/orders/'",
				"Config resource 'config tree [/run/config/]' via location 'optional:configtree:/run/config/'",
				"spring.application.json" }) {
			properties(outside, Map.of("platform.enviroment", "x"));
			assertThatNoException().as(outside).isThrownBy(this::process);
			this.environment.getPropertySources().remove(outside);
		}
		assertThat(this.warnings).hasSize(5).allSatisfy((warning) -> assertThat(warning).contains("platform.enviroment"));
	}

	@Test
	void onlyWarnsWhenToldTo() {
		properties(Map.of("platform.enviroment", "prod", "platform.fail-on-unknown-properties", "false"));
		assertThatNoException().isThrownBy(this::process);
		assertThat(this.warnings).singleElement()
			.asString()
			.startsWith("Unknown property, without effect: 'platform.enviroment'")
			.endsWith("did you mean 'platform.environment'?");
	}

	@Test
	void onlyWarnsAboutEnvironmentVariablesWhichMayBelongToSomethingElse() {
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("PLATFORM_VERSION", "3", "PLATFORM_SECURITY_JWT_PUBLICKEY", "file:/k.pem",
							"PLATFORM_WEB_MAX_REQUEST_BODY_SIZE", "2MB")));
		assertThatNoException().isThrownBy(this::process);
		assertThat(this.warnings).singleElement().asString().contains("'platform.version'", "PLATFORM_VERSION");
	}

	@Test
	void judgesTheKeysOfEachClientAndQueue() {
		properties(Map.of("platform.clients.users.read-timout", "5s", "platform.clients.users.retry.max-attempts", "2",
				"platform.events.queues[billing.orders].bindings[0]", "order.created"));
		UnknownPlatformPropertiesException failure = assertThatExceptionOfType(UnknownPlatformPropertiesException.class)
			.isThrownBy(this::process)
			.actual();
		assertThat(failure.getDescriptions()).singleElement()
			.asString()
			.startsWith("'platform.clients.users.read-timout'")
			.endsWith("did you mean 'platform.clients.users.read-timeout'?");
	}

	@Test
	void onlyWarnsAboutAClientKeyMisspeltInAnEnvironmentVariable() {
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("PLATFORM_CLIENTS_DOWN_READTIMOUT", "5s", "PLATFORM_CLIENTS_USER_SERVICE_READ_TIMEOUT", "5s")));
		assertThatNoException().isThrownBy(this::process);
		assertThat(this.warnings).singleElement().asString().contains("PLATFORM_CLIENTS_DOWN_READTIMOUT");
		assertThat(this.environment.getPropertySources().contains(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED))
			.as("bindings need not judge the keys again")
			.isTrue();
	}

	@Test
	void aSwitchThatIsNoBooleanFailsNamingIt() {
		properties(Map.of("platform.fail-on-unknown-properties", "sometimes"));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(this::process)
			.withMessageContaining("platform.fail-on-unknown-properties");
	}

	@Test
	void ignoresTheStartersOwnSources() {
		PlatformPropertySources.addDefaults(this.environment, Map.of("platform.not-a-property", "set by the starter"));
		assertThatNoException().isThrownBy(this::process);
	}

	private void properties(Map<String, Object> values) {
		properties("Inlined Test Properties", values);
	}

	private void properties(String source, Map<String, Object> values) {
		this.environment.getPropertySources().addFirst(new MapPropertySource(source, values));
	}

	private static OriginTrackedValue tracked(String value, int line) {
		return OriginTrackedValue.of(value, new TextResourceOrigin(new ClassPathResource("application.properties"),
				new TextResourceOrigin.Location(line - 1, 0)));
	}

	private void process() {
		new UnknownPlatformPropertiesEnvironmentPostProcessor(this.logs).postProcessEnvironment(this.environment,
				new SpringApplication());
	}

}
