package dev.platform.environment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
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

}
