package dev.platform.tracing;

import java.util.List;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;

/**
 * Boot's batch span processor, minus a copy of every span. Boot hands ended spans to Micrometer's
 * {@link CompositeSpanExporter}, which converts each one to a mutable copy and back, rebuilding its attributes and
 * resource on every read, so that {@link SpanFilter}, {@link SpanExportingPredicate} and {@link SpanReporter} beans
 * can see them. Without any such bean nothing reads the copies, and this processor hands the spans to the
 * exporters as the SDK made them. With one, it is Boot's processor exactly. Same
 * {@code management.opentelemetry.tracing.export.*} settings either way; {@code platform.tracing.direct-export=false}
 * leaves the processor to Boot.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass({ OtelTracer.class, SdkTracerProvider.class, OpenTelemetry.class, CompositeSpanExporter.class })
@ConditionalOnBooleanProperty(name = "platform.tracing.direct-export", matchIfMissing = true)
public final class DirectSpanExportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BatchSpanProcessor otelSpanProcessor(SpanExporters spanExporters, OpenTelemetryTracingProperties properties,
			ObjectProvider<SpanExportingPredicate> spanExportingPredicates, ObjectProvider<SpanReporter> spanReporters,
			ObjectProvider<SpanFilter> spanFilters, ObjectProvider<MeterProvider> meterProvider) {
		List<SpanExportingPredicate> predicates = spanExportingPredicates.orderedStream().toList();
		List<SpanReporter> reporters = spanReporters.orderedStream().toList();
		List<SpanFilter> filters = spanFilters.orderedStream().toList();
		SpanExporter exporter = (predicates.isEmpty() && reporters.isEmpty() && filters.isEmpty())
				? SpanExporter.composite(spanExporters.list())
				: new CompositeSpanExporter(spanExporters.list(), predicates, reporters, filters);
		OpenTelemetryTracingProperties.Export export = properties.getExport();
		var builder = BatchSpanProcessor.builder(exporter)
			.setExportUnsampledSpans(export.isIncludeUnsampled())
			.setExporterTimeout(export.getTimeout())
			.setMaxExportBatchSize(export.getMaxBatchSize())
			.setMaxQueueSize(export.getMaxQueueSize())
			.setScheduleDelay(export.getScheduleDelay());
		meterProvider.ifAvailable(builder::setMeterProvider);
		return builder.build();
	}

}
