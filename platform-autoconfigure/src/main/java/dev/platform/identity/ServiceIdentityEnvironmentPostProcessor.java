package dev.platform.identity;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.platform.environment.PlatformPropertySources;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Resolves the service identity once and hands it to the three signals through Boot's own properties: the
 * OpenTelemetry resource attributes ({@code service.name}, {@code service.version},
 * {@code deployment.environment.name}, {@code service.instance.id}), the common metric tags
 * ({@code application}, {@code environment}) and, through those, the JSON log fields.
 */
public class ServiceIdentityEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after the {@code OTEL_*} variables are mapped. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 20;

	static final String RESOURCE = "management.opentelemetry.resource-attributes.";

	static final String DEFAULT_ENVIRONMENT = "local";

	private static final String INSTANCE_ID = UUID.randomUUID().toString();

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String environmentName = environmentName(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		String name = environment.getProperty("spring.application.name");
		if (name != null) {
			// Without it Boot's resource would take OTEL_SERVICE_NAME over spring.application.name.
			defaults.put(RESOURCE + "service.name", name);
			defaults.put("management.metrics.tags.application", name);
		}
		String version = version(environment);
		if (version != null) {
			defaults.put(RESOURCE + "service.version", version);
		}
		defaults.put(RESOURCE + "deployment.environment.name", environmentName);
		defaults.put(RESOURCE + "service.instance.id", INSTANCE_ID);
		defaults.put("management.metrics.tags.environment", environmentName);
		PlatformPropertySources.addDefaults(environment, defaults);
	}

	private static String environmentName(ConfigurableEnvironment environment) {
		String configured = environment.getProperty("platform.environment");
		if (configured != null && !configured.isBlank()) {
			// platform.environment is a Spring property: it beats OTEL_RESOURCE_ATTRIBUTES.
			PropertySource<?> otel = environment.getPropertySources().get(PlatformPropertySources.OTEL_ENVIRONMENT);
			if (otel != null && otel.getSource() instanceof Map<?, ?> map) {
				map.remove(RESOURCE + "deployment.environment.name");
			}
			// A value from an env file or a YAML block can carry spaces no dashboard filter expects.
			return configured.strip();
		}
		return environment.getProperty(RESOURCE + "deployment.environment.name", DEFAULT_ENVIRONMENT);
	}

	static @Nullable String version(ConfigurableEnvironment environment) {
		String version = environment.getProperty("spring.application.version");
		if (version != null && !version.isBlank()) {
			return version;
		}
		ClassPathResource buildInfo = new ClassPathResource("META-INF/build-info.properties");
		if (buildInfo.exists()) {
			try (InputStream input = buildInfo.getInputStream()) {
				Properties properties = new Properties();
				properties.load(input);
				return properties.getProperty("build.version");
			}
			catch (IOException ex) {
				return null;
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
