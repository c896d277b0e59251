package dev.platform.logging;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Boot's OpenTelemetry logs SDK ({@code OpenTelemetryLoggingAutoConfiguration}) when no log is
 * exported over OTLP: neither {@code platform.logging.otlp.enabled=true} nor
 * {@code management.opentelemetry.logging.export.otlp.endpoint} is set. Boot would otherwise build a logger
 * provider with a batch processor whose worker thread idles for the life of the service, since nothing feeds it.
 * The OpenTelemetry SDK then has a no-op logger provider; tracing is unaffected.
 */
public final class UnexportedLogsImportFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	static final String LOGS_SDK_AUTO_CONFIGURATION = "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration";

	static final String BOOT_ENDPOINT = "management.opentelemetry.logging.export.otlp.endpoint";

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean logsExported = logsExported();
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = logsExported || !LOGS_SDK_AUTO_CONFIGURATION.equals(autoConfigurationClasses[i]);
		}
		return matches;
	}

	private boolean logsExported() {
		if (this.environment == null) {
			return true;
		}
		return this.environment.getProperty("platform.logging.otlp.enabled", Boolean.class, false)
				|| this.environment.containsProperty(BOOT_ENDPOINT);
	}

}
