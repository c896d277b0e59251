package dev.platform.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.platform.environment.PlatformPropertySources;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Checks {@code platform.logging.format} before logging starts and, where the starter's console output applies
 * (logstash-logback-encoder present, no {@code logging.config} and no {@code logback*.xml} of the application's
 * own), switches the banner off in JSON, because it would be plain text on stdout. The output itself is set up by
 * {@link PlatformLogbackLoggingSystem}.
 */
public class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after the identity is resolved, since log fields carry it. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	private static final String LOGS_EXPORT = "management.opentelemetry.logging.export.otlp.";

	private static final List<String> USER_CONFIGURATIONS = List.of("logback-test.groovy", "logback-test.xml",
			"logback.groovy", "logback.xml", "logback-test-spring.groovy", "logback-test-spring.xml",
			"logback-spring.groovy", "logback-spring.xml");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!flag(environment, "platform.logging.enabled", true)) {
			return;
		}
		String format = format(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		ClassLoader classLoader = (application.getClassLoader() != null) ? application.getClassLoader()
				: ClassUtils.getDefaultClassLoader();
		if ("json".equals(format) && LogstashEncoderPresence.isPresent(classLoader)
				&& !hasUserConfiguration(environment, classLoader)) {
			defaults.put("spring.main.banner-mode", "off");
		}
		if (flag(environment, "platform.logging.otlp.enabled", false)) {
			defaults.put(LOGS_EXPORT + "endpoint",
					PlatformPropertySources.localCollector(environment, LOGS_EXPORT, "/v1/logs"));
		}
		PlatformPropertySources.addDefaults(environment, defaults);
	}

	/** A switch read before binding, so a value that is no boolean names its property here. */
	private static boolean flag(ConfigurableEnvironment environment, String name, boolean fallback) {
		try {
			return environment.getProperty(name, Boolean.class, fallback);
		}
		catch (ConversionException ex) {
			throw new InvalidConfigurationPropertyValueException(name, environment.getProperty(name),
					"The value must be true or false.");
		}
	}

	private static String format(ConfigurableEnvironment environment) {
		String format = environment.getProperty("platform.logging.format", "json").trim().toLowerCase(Locale.ROOT);
		if (!format.equals("json") && !format.equals("text")) {
			throw new InvalidConfigurationPropertyValueException("platform.logging.format",
					environment.getProperty("platform.logging.format"), "The format must be 'json' or 'text'.");
		}
		return format;
	}

	private static boolean hasUserConfiguration(ConfigurableEnvironment environment, ClassLoader classLoader) {
		return environment.containsProperty("logging.config")
				|| USER_CONFIGURATIONS.stream().anyMatch((name) -> classLoader.getResource(name) != null);
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
