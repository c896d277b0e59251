package dev.platform.environment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The two property sources the starter adds, both below every source a user controls (application
 * properties, environment variables, command line, {@code SpringApplication} default properties):
 * <ol>
 * <li>{@value #OTEL_ENVIRONMENT}: the standard {@code OTEL_*} environment variables mapped onto Boot's
 * property names;</li>
 * <li>{@value #DEFAULTS}: the starter's defaults, below the {@code OTEL_*} variables.</li>
 * </ol>
 * So a Spring property beats an {@code OTEL_*} variable, which beats a starter default.
 */
public final class PlatformPropertySources {

	/** Name of the source holding the mapped {@code OTEL_*} environment variables. */
	public static final String OTEL_ENVIRONMENT = "platformOtelEnvironment";

	/** Name of the source holding the starter's defaults. */
	public static final String DEFAULTS = "platformDefaults";

	/**
	 * Name of an empty source that says the environment's {@code platform.*} names were checked against the
	 * starter's (by {@link UnknownPlatformPropertiesEnvironmentPostProcessor}), so a binding need not check them
	 * again.
	 */
	public static final String UNKNOWN_PROPERTIES_CHECKED = "platformUnknownPropertiesChecked";

	/** Name of Boot's source of {@code SpringApplication} default properties. */
	private static final String DEFAULT_PROPERTIES = "defaultProperties";

	private PlatformPropertySources() {
	}

	/**
	 * Adds defaults, keeping any value an earlier contributor already set.
	 * @param environment the environment
	 * @param defaults the properties to add
	 */
	public static void addDefaults(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		Map<String, Object> source = getOrCreate(environment, DEFAULTS, null);
		defaults.forEach(source::putIfAbsent);
	}

	/**
	 * Adds properties mapped from {@code OTEL_*} variables, just above the defaults.
	 * @param environment the environment
	 * @param properties the properties to add
	 */
	public static void addOtelEnvironment(ConfigurableEnvironment environment, Map<String, Object> properties) {
		Map<String, Object> source = getOrCreate(environment, OTEL_ENVIRONMENT, DEFAULTS);
		properties.forEach(source::putIfAbsent);
	}

	/**
	 * Moves both sources below {@code SpringApplication}'s default properties. Boot moves those to the very end only
	 * after every environment post-processor has run, so until then they sit below the starter's sources.
	 * @param environment the environment
	 */
	public static void moveBelowDefaultProperties(ConfigurableEnvironment environment) {
		MutablePropertySources sources = environment.getPropertySources();
		if (!sources.contains(DEFAULT_PROPERTIES)) {
			return;
		}
		for (String name : new String[] { OTEL_ENVIRONMENT, DEFAULTS }) {
			PropertySource<?> source = sources.remove(name);
			if (source != null) {
				sources.addLast(source);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> getOrCreate(ConfigurableEnvironment environment, String name,
			@org.jspecify.annotations.Nullable String beforeName) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> existing = sources.get(name);
		if (existing instanceof MapPropertySource map) {
			return (Map<String, Object>) map.getSource();
		}
		MapPropertySource created = new MapPropertySource(name, new LinkedHashMap<>());
		if (beforeName != null && sources.contains(beforeName)) {
			sources.addBefore(beforeName, created);
		}
		else {
			sources.addLast(created);
		}
		return created.getSource();
	}

	/**
	 * The local collector's endpoint for a signal, the starter's default when none is configured: OTLP over gRPC on
	 * 4317 when the signal's transport is gRPC (the OpenTelemetry specification's default), http/protobuf on 4318
	 * with the signal's path otherwise.
	 * @param environment the environment, with the {@code OTEL_*} variables already mapped
	 * @param prefix the signal's export property prefix, ending with {@code .}
	 * @param path the signal's http/protobuf path, such as {@code /v1/traces}
	 * @return the endpoint
	 */
	public static String localCollector(Environment environment, String prefix, String path) {
		String transport = environment.getProperty(prefix + "transport", "http");
		return "grpc".equalsIgnoreCase(transport.trim()) ? "http://localhost:4317" : "http://localhost:4318" + path;
	}

}
