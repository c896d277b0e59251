package dev.platform.logging;

import java.util.concurrent.TimeUnit;

import dev.platform.otel.CallerRunsExecutorService;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces each OTLP log record exporter bean, as it is created, with one built from its own settings
 * ({@code toBuilder()}: endpoint, headers, timeouts, compression, memory mode, meter provider) that sends on the
 * calling thread (see {@link OtlpLogExporterTuningAutoConfiguration}), and shuts the original down: it has sent
 * nothing, and its HTTP client's threads start only with a first request.
 */
final class OtlpLogExporterTuning implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof OtlpHttpLogRecordExporter http) {
			OtlpHttpLogRecordExporter tuned = http.toBuilder().setExecutorService(new CallerRunsExecutorService()).build();
			http.shutdown().join(1, TimeUnit.SECONDS);
			return tuned;
		}
		if (bean instanceof OtlpGrpcLogRecordExporter grpc) {
			OtlpGrpcLogRecordExporter tuned = grpc.toBuilder().setExecutorService(new CallerRunsExecutorService()).build();
			grpc.shutdown().join(1, TimeUnit.SECONDS);
			return tuned;
		}
		return bean;
	}

}
