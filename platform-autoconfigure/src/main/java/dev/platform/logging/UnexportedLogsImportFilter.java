package dev.platform.logging;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Boot's OpenTelemetry logs SDK ({@code OpenTelemetryLoggingAutoConfiguration}) unless the starter
 * exports logs over OTLP ({@code platform.logging.otlp.enabled=true}, which installs the Logback appender that
 * feeds it). Boot builds the logger provider, and an exporter too once a logs endpoint is known, which
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone provides; nothing would write to it, and its batch processor's worker
 * thread would idle for the life of the service. The OpenTelemetry SDK then has a no-op logger provider; tracing
 * is unaffected.
 */
public final class UnexportedLogsImportFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	static final String LOGS_SDK_AUTO_CONFIGURATION = "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration";

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
		return this.environment.getProperty("platform.logging.otlp.enabled", Boolean.class, false);
	}

}
