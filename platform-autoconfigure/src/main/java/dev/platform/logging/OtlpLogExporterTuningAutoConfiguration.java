package dev.platform.logging;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One thread fewer with log export on, as for spans ({@code OtlpSpanExportAutoConfiguration}): the OTLP log record
 * exporter Boot builds (HTTP and gRPC transport alike) sends each batch on the batch log record processor's worker
 * thread, which waits for it anyway, instead of on a dispatcher thread of its HTTP client. With the OkHttp sender,
 * the one Boot's starter brings; {@code platform.logging.otlp.send-on-processor-thread=false} restores the
 * dispatcher. Boot offers no customizer of that exporter's builder, so {@link OtlpLogExporterTuning} rebuilds Boot's
 * exporter from its own settings. (The log exporter already reuses its marshalling memory by default, which the span
 * exporter is told to.) Only while {@code platform.logging.otlp.enabled=true}.
 */
@AutoConfiguration
@ConditionalOnClass(OtlpHttpLogRecordExporter.class)
@ConditionalOnBooleanProperty("platform.logging.otlp.enabled")
public final class OtlpLogExporterTuningAutoConfiguration {

	private static final String OKHTTP_SENDER = "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider";

	@Bean
	@ConditionalOnClass(name = OKHTTP_SENDER)
	@ConditionalOnBooleanProperty(name = "platform.logging.otlp.send-on-processor-thread", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "otlpLogExporterTuning")
	static OtlpLogExporterTuning otlpLogExporterTuning() {
		return new OtlpLogExporterTuning();
	}

}
