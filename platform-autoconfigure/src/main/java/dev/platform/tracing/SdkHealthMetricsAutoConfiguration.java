package dev.platform.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gives Boot's span processor and OTLP exporters a {@link MeterProvider} whose numbers reach
 * {@code /actuator/prometheus}, so exports that fail and spans that are dropped are visible.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration" })
@ConditionalOnClass({ SdkTracerProvider.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "platform.tracing.sdk-metrics.enabled", matchIfMissing = true)
public final class SdkHealthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	SdkHealthMeterProvider sdkHealthMeterProvider() {
		return new SdkHealthMeterProvider();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SdkHealthMeterProvider.class)
	SdkHealthMetrics sdkHealthMetrics(SdkHealthMeterProvider sdkHealthMeterProvider) {
		return new SdkHealthMetrics(sdkHealthMeterProvider);
	}

}
