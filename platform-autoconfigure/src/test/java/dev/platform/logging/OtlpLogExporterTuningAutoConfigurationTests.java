package dev.platform.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.platform.test.OtlpReceiver;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpLogExporterTuningAutoConfigurationTests {

	private final OtlpReceiver receiver = new OtlpReceiver();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=log-tuning-test", "platform.logging.otlp.enabled=true",
				"management.opentelemetry.logging.export.otlp.endpoint=" + this.receiver.baseUrl() + "/v1/logs")
		.withConfiguration(AutoConfigurations.of(OtlpLogExporterTuningAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryLoggingAutoConfiguration.class,
				OtlpLoggingAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void bootsExporterSendsOnTheCallingThread() {
		this.runner.run((context) -> {
			LogRecordExporter exporter = context.getBean(LogRecordExporter.class);
			assertThat(exporter).isInstanceOf(OtlpHttpLogRecordExporter.class);
			// Rebuilt from Boot's settings.
			assertThat(exporter.toString()).contains(this.receiver.baseUrl() + "/v1/logs");
			CompletableResultCode result = exporter.export(emitted("order placed"));
			// Sent, answered and completed before export returned: no dispatcher thread was involved.
			assertThat(result.isDone()).isTrue();
			assertThat(result.isSuccess()).isTrue();
			assertThat(this.receiver.logs()).extracting(OtlpReceiver.ReceivedLog::body).containsExactly("order placed");
		});
	}

	@Test
	void logsEmittedThroughBootsProcessorReachTheCollector() {
		this.runner.run((context) -> {
			context.getBean(SdkLoggerProvider.class).get("test").logRecordBuilder().setBody("order shipped").emit();
			context.getBean(BatchLogRecordProcessor.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(this.receiver.logs()).extracting(OtlpReceiver.ReceivedLog::body).containsExactly("order shipped");
		});
	}

	@Test
	void theGrpcExporterIsRebuiltToo() {
		this.runner.withPropertyValues("management.opentelemetry.logging.export.otlp.transport=grpc")
			.run((context) -> assertThat(context.getBean(LogRecordExporter.class))
				.isInstanceOf(OtlpGrpcLogRecordExporter.class)
				.asString()
				.contains(this.receiver.baseUrl()));
		this.runner.withPropertyValues("management.opentelemetry.logging.export.otlp.transport=grpc")
			.run((context) -> assertThat(context).hasSingleBean(OtlpLogExporterTuning.class));
	}

	@Test
	void switchedOffBootsExporterIsLeftAsItIs() {
		this.runner.withPropertyValues("platform.logging.otlp.send-on-processor-thread=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OtlpLogExporterTuning.class);
			CompletableResultCode result = context.getBean(LogRecordExporter.class).export(emitted("order paid"));
			result.join(5, TimeUnit.SECONDS);
			assertThat(result.isSuccess()).isTrue();
		});
	}

	@Test
	void sendsOnTheProcessorThreadOnlyWithTheOkHttpSender() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.exporter.sender.okhttp"))
			.run((context) -> assertThat(context).doesNotHaveBean(OtlpLogExporterTuning.class));
	}

	@Test
	void nothingIsTunedWithoutLogExport() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OtlpLogExporterTuningAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OtlpLogExporterTuning.class));
	}

	private static List<LogRecordData> emitted(String body) {
		List<LogRecordData> records = new ArrayList<>();
		LogRecordProcessor collector = new LogRecordProcessor() {

			@Override
			public void onEmit(Context context, ReadWriteLogRecord logRecord) {
				records.add(logRecord.toLogRecordData());
			}

		};
		try (SdkLoggerProvider provider = SdkLoggerProvider.builder().addLogRecordProcessor(collector).build()) {
			provider.get("test").logRecordBuilder().setBody(body).emit();
		}
		return records;
	}

}
