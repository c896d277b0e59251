package dev.platform.tracing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpGrpcSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * One thread fewer per service: the OTLP/HTTP span exporter Boot builds sends each batch on the batch span
 * processor's worker thread instead of on a dispatcher thread of its own (gRPC transport alike). Applies to the
 * OkHttp sender, the one Boot's starter brings; {@code platform.tracing.otlp.send-on-processor-thread=false}
 * restores the dispatcher.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration")
@ConditionalOnClass(value = { OtlpHttpSpanExporterBuilder.class, OtlpHttpSpanExporterBuilderCustomizer.class },
		name = "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider")
@ConditionalOnBooleanProperty(name = "platform.tracing.otlp.send-on-processor-thread", matchIfMissing = true)
public final class OtlpSpanExportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "platformOtlpSendOnProcessorThread")
	OtlpHttpSpanExporterBuilderCustomizer platformOtlpSendOnProcessorThread() {
		return (builder) -> builder.setExecutorService(new CallerRunsExecutorService());
	}

	@Bean
	@ConditionalOnClass(OtlpGrpcSpanExporterBuilder.class)
	@ConditionalOnMissingBean(name = "platformOtlpGrpcSendOnProcessorThread")
	OtlpGrpcSpanExporterBuilderCustomizer platformOtlpGrpcSendOnProcessorThread() {
		return (builder) -> builder.setExecutorService(new CallerRunsExecutorService());
	}

}
