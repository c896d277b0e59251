package dev.platform.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.platform.environment.PlatformPropertySources;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Points Boot's logging system at the starter's Logback configuration for the chosen format, unless the
 * application brings its own ({@code logging.config} or a {@code logback*.xml} on the classpath). Runs
 * before logging starts, so even the first lines of startup use the format; in JSON the banner is off
 * because it would be plain text on stdout.
 */
public class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after the identity is resolved, since log fields carry it. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	static final String CONFIG_LOCATION = "classpath:dev/platform/logging/logback-%s.xml";

	static final String MASK_KEYS = "platform.logging.mask.keys";

	private static final List<String> USER_CONFIGURATIONS = List.of("logback-test.groovy", "logback-test.xml",
			"logback.groovy", "logback.xml", "logback-test-spring.groovy", "logback-test-spring.xml",
			"logback-spring.groovy", "logback-spring.xml");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("platform.logging.enabled", Boolean.class, true)) {
			return;
		}
		String format = format(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		ClassLoader classLoader = (application.getClassLoader() != null) ? application.getClassLoader()
				: ClassUtils.getDefaultClassLoader();
		if (LogstashEncoderPresence.isPresent(classLoader) && !hasUserConfiguration(classLoader)) {
			defaults.put("logging.config", CONFIG_LOCATION.formatted(format));
			if ("json".equals(format)) {
				defaults.put("spring.main.banner-mode", "off");
			}
			maskKeys(environment, defaults);
		}
		if (environment.getProperty("platform.logging.otlp.enabled", Boolean.class, false)) {
			defaults.put("management.opentelemetry.logging.export.otlp.endpoint", "http://localhost:4318/v1/logs");
		}
		PlatformPropertySources.addDefaults(environment, defaults);
	}

	private static String format(ConfigurableEnvironment environment) {
		String format = environment.getProperty("platform.logging.format", "json").trim().toLowerCase(Locale.ROOT);
		if (!format.equals("json") && !format.equals("text")) {
			throw new InvalidConfigurationPropertyValueException("platform.logging.format",
					environment.getProperty("platform.logging.format"), "The format must be 'json' or 'text'.");
		}
		return format;
	}

	/**
	 * Logback's {@code springProperty} reads one plain property, so keys given as a list (YAML, or
	 * {@code keys[0]=...}) would be missed and only the default keys masked; the joined list is offered under
	 * the plain name, below every source a user writes to.
	 */
	private static void maskKeys(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		if (environment.getProperty(MASK_KEYS) == null) {
			Binder.get(environment)
				.bind(MASK_KEYS, Bindable.listOf(String.class))
				.ifBound((keys) -> defaults.put(MASK_KEYS, String.join(",", keys)));
		}
	}

	private static boolean hasUserConfiguration(ClassLoader classLoader) {
		return USER_CONFIGURATIONS.stream().anyMatch((name) -> classLoader.getResource(name) != null);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static final class LogstashEncoderPresence {

		static boolean isPresent(ClassLoader classLoader) {
			return ClassUtils.isPresent("net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder", classLoader)
					&& ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader);
		}

	}

}
