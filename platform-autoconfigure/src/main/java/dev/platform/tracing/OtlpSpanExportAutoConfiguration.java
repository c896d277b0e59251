package dev.platform.tracing;

import dev.platform.otel.CallerRunsExecutorService;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpGrpcSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Cheaper span export, tuning the OTLP span exporter Boot builds (HTTP and gRPC transport alike):
 * <ul>
 * <li>One thread fewer per service: each batch is sent on the batch span processor's worker thread, which waits
 * for the send anyway, instead of on a dispatcher thread of its own. Applies to the OkHttp sender, the one Boot's
 * starter brings; {@code platform.tracing.otlp.send-on-processor-thread=false} restores the dispatcher.</li>
 * <li>Less garbage per span: the exporter marshals through pooled, reused marshalers
 * ({@link MemoryMode#REUSABLE_DATA}) instead of building an immutable copy of every batch;
 * {@code platform.tracing.otlp.reuse-memory=false} restores the copy.</li>
 * </ul>
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration")
// The gRPC exporter's builder ships in the same jar as the HTTP one, so one condition covers both transports.
@ConditionalOnClass({ OtlpHttpSpanExporterBuilder.class, OtlpHttpSpanExporterBuilderCustomizer.class })
public final class OtlpSpanExportAutoConfiguration {

	private static final String OKHTTP_SENDER = "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider";

	@Bean
	@ConditionalOnMissingBean(name = "platformOtlpReuseMemory")
	@ConditionalOnBooleanProperty(name = "platform.tracing.otlp.reuse-memory", matchIfMissing = true)
	OtlpHttpSpanExporterBuilderCustomizer platformOtlpReuseMemory() {
		return (builder) -> builder.setMemoryMode(MemoryMode.REUSABLE_DATA);
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformOtlpGrpcReuseMemory")
	@ConditionalOnBooleanProperty(name = "platform.tracing.otlp.reuse-memory", matchIfMissing = true)
	OtlpGrpcSpanExporterBuilderCustomizer platformOtlpGrpcReuseMemory() {
		return (builder) -> builder.setMemoryMode(MemoryMode.REUSABLE_DATA);
	}

	@Bean
	@ConditionalOnClass(name = OKHTTP_SENDER)
	@ConditionalOnBooleanProperty(name = "platform.tracing.otlp.send-on-processor-thread", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "platformOtlpSendOnProcessorThread")
	OtlpHttpSpanExporterBuilderCustomizer platformOtlpSendOnProcessorThread() {
		return (builder) -> builder.setExecutorService(new CallerRunsExecutorService());
	}

	@Bean
	@ConditionalOnClass(name = OKHTTP_SENDER)
	@ConditionalOnBooleanProperty(name = "platform.tracing.otlp.send-on-processor-thread", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "platformOtlpGrpcSendOnProcessorThread")
	OtlpGrpcSpanExporterBuilderCustomizer platformOtlpGrpcSendOnProcessorThread() {
		return (builder) -> builder.setExecutorService(new CallerRunsExecutorService());
	}

}
