package dev.platform.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class KnownPlatformPropertiesTests {

	private final KnownPlatformProperties known = KnownPlatformProperties.load();

	@Test
	void listsExactlyThePropertiesOfTheIdeMetadata() throws IOException {
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json")));
		List<String> expected = new ArrayList<>();
		metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			String type = property.get("type").asString();
			if (name.startsWith("platform.")) {
				expected.add(name + (type.startsWith("java.util.Map") ? ".*"
						: (type.startsWith("java.util.List") || type.startsWith("java.util.Set")) ? "[]" : ""));
			}
		});
		List<String> listed = Files.readAllLines(Path.of("src", "main", "resources", KnownPlatformProperties.RESOURCE))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(listed).as("%s, against the IDE metadata", KnownPlatformProperties.RESOURCE)
			.containsExactlyInAnyOrderElementsOf(expected)
			.contains("platform.fail-on-unknown-properties");
	}

	@Test
	void knowsValuesListEntriesAndAnythingUnderAMap() {
		assertThat(this.known.contains(name("platform.environment"))).isTrue();
		assertThat(this.known.contains(name("platform.security.jwt.public-paths"))).isTrue();
		assertThat(this.known.contains(name("platform.security.jwt.public-paths[3]"))).isTrue();
		assertThat(this.known.contains(name("platform.clients.users.circuit-breaker.open-duration"))).isTrue();
		assertThat(this.known.contains(name("platform.events.queues.orders.bindings[0]"))).isTrue();
	}

	@Test
	void doesNotKnowMisspeltOrMadeUpNames() {
		assertThat(this.known.contains(name("platform.enviroment"))).isFalse();
		assertThat(this.known.contains(name("platform.security.jwt.public-key-location"))).isFalse();
		assertThat(this.known.contains(name("platform.environment.name"))).isFalse();
		assertThat(this.known.contains(name("platform.security.jwt.public-paths.first"))).isFalse();
		assertThat(this.known.contains(name("platform.client.users.url"))).isFalse();
		assertThat(this.known.contains(name("platform"))).isFalse();
	}

	@Test
	void knowsTheNamesEnvironmentVariablesGive() {
		assertThat(this.known.contains(ConfigurationPropertyName.adapt("platform.security.jwt.publickey", '.')))
			.isTrue();
		assertThat(this.known.contains(ConfigurationPropertyName.adapt("platform.web.maxrequestbodysize", '.')))
			.isTrue();
	}

	@Test
	void knowsEnvironmentVariablesWrittenWithUnderscoresForDashes() {
		assertThat(this.known.containsVariable(variable("PLATFORM_SECURITY_JWT_ISSUANCE_PRIVATE_KEY"))).isTrue();
		assertThat(this.known.containsVariable(variable("PLATFORM_WEB_MAX_REQUEST_BODY_SIZE"))).isTrue();
		assertThat(this.known.containsVariable(variable("PLATFORM_CLIENTS_USER_SERVICE_READ_TIMEOUT"))).isTrue();
		assertThat(this.known.containsVariable(variable("PLATFORM_SECURITY_JWT_PUBLIC_PATHS_0"))).isTrue();
		assertThat(this.known.containsVariable(variable("PLATFORM_VERSION"))).isFalse();
		assertThat(this.known.containsVariable(variable("PLATFORM_SECURITY_JWT_PUBLIC_KEY_LOCATION"))).isFalse();
	}

	/** The name Boot derives from an environment variable. */
	private static ConfigurationPropertyName variable(String name) {
		IterableConfigurationPropertySource source = (IterableConfigurationPropertySource) ConfigurationPropertySource
			.from(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(name, "x")));
		return source.iterator().next();
	}

	@Test
	void suggestsTheClosestNameWhenItIsCloseEnough() {
		assertThat(this.known.closest(name("platform.enviroment"))).isEqualTo("platform.environment");
		assertThat(this.known.closest(name("platform.security.jwt.public-key-location")))
			.isEqualTo("platform.security.jwt.public-key");
		assertThat(this.known.closest(name("platform.web.trace-header"))).isEqualTo("platform.web.trace-id-header");
		assertThat(this.known.closest(name("platform.something.completely.different"))).isNull();
	}

	@Test
	void measuresEditDistance() {
		assertThat(KnownPlatformProperties.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(KnownPlatformProperties.distance("", "abc")).isEqualTo(3);
		assertThat(KnownPlatformProperties.distance("same", "same")).isZero();
	}

	private static ConfigurationPropertyName name(String name) {
		return ConfigurationPropertyName.of(name);
	}

}
