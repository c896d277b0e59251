package dev.platform.tracing;

import java.time.Duration;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;

/**
 * A collector that is down costs one warning and no shutdown time: every span exporter Boot hands to the span
 * processor is watched by {@link SpanExportOutages}. {@code platform.tracing.export-outages.enabled=false} leaves
 * the exporters as they are; {@code platform.tracing.export-outages.shutdown-timeout} is how long one export may
 * take once the application context closes.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass({ SdkTracerProvider.class, SpanExporters.class })
@ConditionalOnBooleanProperty(name = "platform.tracing.export-outages.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformTracingProperties.class)
public final class SpanExportOutagesAutoConfiguration {

	static final String SHUTDOWN_TIMEOUT = "platform.tracing.export-outages.shutdown-timeout";

	@Bean
	@ConditionalOnMissingBean
	SpanExportOutages spanExportOutages(PlatformTracingProperties properties) {
		Duration timeout = properties.getExportOutages().getShutdownTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException(SHUTDOWN_TIMEOUT, timeout,
					"It must be longer than zero, e.g. 2s.");
		}
		return new SpanExportOutages(timeout);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, SpanExportOutages outages) {
		return SpanExporters.of(spanExporters.orderedStream().map(outages::watch).toList());
	}

}
