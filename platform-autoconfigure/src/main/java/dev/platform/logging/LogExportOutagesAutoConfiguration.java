package dev.platform.logging;

import java.time.Duration;

import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * A collector that is down costs one warning and no shutdown time for exported logs too: the log record processor
 * Boot would build is built here the same way, from the same exporters, each watched by {@link LogExportOutages}.
 * Only while {@code platform.logging.otlp.enabled=true} (otherwise the logs SDK is left out altogether);
 * {@code platform.logging.otlp.export-outages.enabled=false} leaves the exporters as they are.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration")
@ConditionalOnClass({ SdkLoggerProvider.class, BatchLogRecordProcessor.class })
@ConditionalOnBooleanProperty("platform.logging.otlp.enabled")
@ConditionalOnBooleanProperty(name = "platform.logging.otlp.export-outages.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformLoggingProperties.class)
public final class LogExportOutagesAutoConfiguration {

	static final String SHUTDOWN_TIMEOUT = "platform.logging.otlp.export-outages.shutdown-timeout";

	@Bean
	@ConditionalOnMissingBean
	LogExportOutages logExportOutages(PlatformLoggingProperties properties) {
		Duration timeout = properties.getOtlp().getExportOutages().getShutdownTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException(SHUTDOWN_TIMEOUT, timeout,
					"It must be longer than zero, e.g. 2s.");
		}
		return new LogExportOutages(timeout);
	}

	/** What Boot's {@code OpenTelemetryLoggingAutoConfiguration} declares, with every exporter watched. */
	@Bean
	@ConditionalOnMissingBean
	BatchLogRecordProcessor openTelemetryBatchLogRecordProcessor(ObjectProvider<LogRecordExporter> logRecordExporters,
			LogExportOutages outages) {
		LogRecordExporter exporter = LogRecordExporter
			.composite(logRecordExporters.orderedStream().map(outages::watch).toList());
		return BatchLogRecordProcessor.builder(exporter).build();
	}

}
