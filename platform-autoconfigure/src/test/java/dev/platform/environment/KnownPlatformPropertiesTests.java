package dev.platform.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
			if (name.startsWith("platform.") && type.matches("java\\.util\\.Map<java\\.lang\\.String, ?dev\\.platform\\..*>")) {
				// The metadata stops at a map of the starter's own classes; their properties are listed per key.
				String valueType = type.substring(type.indexOf("dev.platform."), type.length() - 1);
				properties(load(valueType), name + ".*", expected);
			}
			else if (name.startsWith("platform.")) {
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

	/** The bean properties of one of the starter's classes, as Boot binds them, nested classes followed. */
	private static void properties(Class<?> type, String prefix, List<String> names) {
		for (Method method : type.getMethods()) {
			String property = property(method);
			if (property == null) {
				continue;
			}
			Class<?> value = method.getReturnType();
			if (method.getName().startsWith("set")) {
				value = method.getParameterTypes()[0];
				names.add(prefix + "." + property
						+ ((List.class.isAssignableFrom(value) || Set.class.isAssignableFrom(value)) ? "[]" : ""));
			}
			else if (value.getName().startsWith("dev.platform.") && value.getEnclosingClass() != null
					&& !hasSetter(type, method.getName().substring(3))) {
				properties(value, prefix + "." + property, names);
			}
		}
	}

	private static String property(Method method) {
		String name = method.getName();
		boolean setter = name.startsWith("set") && method.getParameterCount() == 1;
		boolean getter = name.startsWith("get") && method.getParameterCount() == 0 && !name.equals("getClass");
		if (!setter && !getter) {
			return null;
		}
		return name.substring(3).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static boolean hasSetter(Class<?> type, String property) {
		return java.util.Arrays.stream(type.getMethods()).anyMatch((m) -> m.getName().equals("set" + property));
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, KnownPlatformPropertiesTests.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void knowsPropertiesUnderTheKeysOfAMap() {
		assertThat(this.known.contains(name("platform.clients.users.read-timeout"))).isTrue();
		assertThat(this.known.contains(name("platform.clients.user-service.circuit-breaker.open-duration"))).isTrue();
		assertThat(this.known.contains(name("platform.events.queues[billing.orders].bindings[0]"))).isTrue();
		assertThat(this.known.contains(name("platform.clients.users.read-timout"))).isFalse();
		assertThat(this.known.contains(name("platform.clients.users.circuit-breaker"))).isFalse();
		assertThat(this.known.contains(name("platform.clients.read-timeout"))).isFalse();
		assertThat(this.known.closest(name("platform.clients.down.read-timout")))
			.isEqualTo("platform.clients.down.read-timeout");
		assertThat(this.known.closest(name("platform.events.queues[billing.orders].binding")))
			.isEqualTo("platform.events.queues[billing.orders].bindings");
		assertThat(this.known.containsVariable(variable("PLATFORM_CLIENTS_USER_SERVICE_READ_TIMEOUT"))).isTrue();
		assertThat(this.known.containsVariable(variable("PLATFORM_CLIENTS_USERS_READTIMOUT"))).isFalse();
	}

	@Test
	void knowsValuesListEntriesAndAnythingUnderAMap() {
		assertThat(this.known.contains(name("platform.environment"))).isTrue();
		assertThat(this.known.contains(name("platform.security.jwt.public-paths"))).isTrue();
		assertThat(this.known.contains(name("platform.security.jwt.public-paths[3]"))).isTrue();
		assertThat(this.known.contains(name("platform.clients.users.circuit-breaker.open-duration"))).isTrue();
		assertThat(this.known.contains(name("platform.events.queues.orders.bindings[0]"))).isTrue();
		assertThat(this.known.contains(name("platform.logging.mask.keys[2]"))).isTrue();
	}

	@Test
	void knowsTheNamesAnotherCopyOnTheClassPathLists() {
		// src/test/resources/META-INF/platform-properties.txt, as an application with keys under platform. has one.
		assertThat(this.known.contains(ConfigurationPropertyName.of("platform.acme.region"))).isTrue();
		assertThat(this.known.contains(ConfigurationPropertyName.of("platform.acme.limits.orders"))).isTrue();
		assertThat(this.known.contains(ConfigurationPropertyName.of("platform.acme.regions"))).isFalse();
		assertThat(this.known.contains(ConfigurationPropertyName.of("platform.web.trace-id-header"))).isTrue();
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
