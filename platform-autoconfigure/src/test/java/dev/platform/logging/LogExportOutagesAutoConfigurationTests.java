package dev.platform.logging;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LogExportOutagesAutoConfigurationTests {

	private final ScriptedLogExporter exporter = new ScriptedLogExporter();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=log-outages-test", "platform.logging.otlp.enabled=true")
		.withConfiguration(AutoConfigurations.of(LogExportOutagesAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryLoggingAutoConfiguration.class))
		.withBean(LogRecordExporter.class, () -> this.exporter);

	@Test
	void reportsAnOutageOnceInsteadOfPerExport(CapturedOutput output) {
		this.exporter.next = CompletableResultCode::ofFailure;
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LogExportOutages.class).hasSingleBean(BatchLogRecordProcessor.class);
			Logger logger = context.getBean(SdkLoggerProvider.class).get("test");
			for (int i = 0; i < 3; i++) {
				logger.logRecordBuilder().setBody("order " + i).emit();
				context.getBean(BatchLogRecordProcessor.class).forceFlush().join(5, TimeUnit.SECONDS);
			}
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.exporter.exported).hasValue(3));
			assertThat(this.exporter.exports).hasValueGreaterThan(1);
			awaitLogged(output, "Log records cannot be exported to ScriptedLogExporter: the export failed");
			assertThat(occurrences(output.toString(), "Log records cannot be exported")).isOne();
			assertThat(output).contains("platform.logging.otlp.enabled=false");
			this.exporter.next = CompletableResultCode::ofSuccess;
			logger.logRecordBuilder().setBody("order 3").emit();
			context.getBean(BatchLogRecordProcessor.class).forceFlush().join(5, TimeUnit.SECONDS);
			awaitLogged(output, "Log records are exported to ScriptedLogExporter again, after ");
		});
	}

	@Test
	void shutdownDoesNotWaitForAnExportThatHangs() {
		// Sends elsewhere and never answers, as a sender retrying a collector that is down does.
		this.exporter.next = CompletableResultCode::new;
		long start = System.nanoTime();
		this.runner.withPropertyValues("platform.logging.otlp.export-outages.shutdown-timeout=200ms")
			.run((context) -> context.getBean(SdkLoggerProvider.class)
				.get("test")
				.logRecordBuilder()
				.setBody("last words")
				.emit());
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		// Without the bound, closing the logger provider waits 10 s for the export (measured: 10.4 s).
		assertThat(took).isLessThan(5_000);
		assertThat(this.exporter.exported).hasValue(1);
		assertThat(this.exporter.shutdown).isTrue();
	}

	@Test
	void leavesTheExportersAloneWhenSwitchedOff() {
		this.runner.withPropertyValues("platform.logging.otlp.export-outages.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LogExportOutages.class)
				.hasSingleBean(BatchLogRecordProcessor.class));
	}

	@Test
	void isLeftOutWhileLogsAreNotExported() {
		this.runner.withPropertyValues("platform.logging.otlp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LogExportOutages.class));
	}

	@Test
	void rejectsAShutdownTimeoutThatIsNotPositive() {
		for (String timeout : new String[] { "0s", "-1s" }) {
			this.runner.withPropertyValues("platform.logging.otlp.export-outages.shutdown-timeout=" + timeout)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("platform.logging.otlp.export-outages.shutdown-timeout")
					.hasMessageContaining("longer than zero"));
		}
	}

	/** The JSON console of an earlier test's application may write asynchronously. */
	private static void awaitLogged(CapturedOutput output, String text) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output).contains(text));
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	static class ScriptedLogExporter implements LogRecordExporter {

		final AtomicInteger exported = new AtomicInteger();

		final AtomicInteger exports = new AtomicInteger();

		volatile Supplier<CompletableResultCode> next = CompletableResultCode::ofSuccess;

		volatile boolean shutdown;

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.exported.addAndGet(logs.size());
			this.exports.incrementAndGet();
			return this.next.get();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.shutdown = true;
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public String toString() {
			return "ScriptedLogExporter";
		}

	}

}
