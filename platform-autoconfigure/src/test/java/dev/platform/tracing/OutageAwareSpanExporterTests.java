package dev.platform.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class OutageAwareSpanExporterTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void reportsAnOutageOnceAndItsEnd(CapturedOutput output) {
		ScriptedExporter delegate = new ScriptedExporter();
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		delegate.next = CompletableResultCode::ofFailure;
		for (int i = 0; i < 3; i++) {
			assertThat(exporter.export(spans(2)).isSuccess()).isFalse();
		}
		logged(() -> assertThat(occurrences(output.toString(), "Spans cannot be exported to ScriptedExporter")).isOne());
		assertThat(output).contains("management.tracing.export.otlp.enabled=false");
		delegate.next = CompletableResultCode::ofSuccess;
		assertThat(exporter.export(spans(2)).isSuccess()).isTrue();
		assertThat(exporter.export(spans(2)).isSuccess()).isTrue();
		logged(() -> assertThat(
				occurrences(output.toString(), "Spans are exported to ScriptedExporter again, after 3 failed exports"))
			.isOne());
		delegate.next = CompletableResultCode::ofFailure;
		exporter.export(spans(1));
		logged(() -> assertThat(occurrences(output.toString(), "Spans cannot be exported to ScriptedExporter"))
			.isEqualTo(2));
		assertThat(delegate.exported).hasValue(11);
	}

	@Test
	void namesTheReasonAndTheEndpoint(CapturedOutput output) {
		ScriptedExporter delegate = new ScriptedExporter() {
			@Override
			public String toString() {
				return "OtlpHttpSpanExporter{exporterName=otlp, endpoint=http://collector:4318/v1/traces, timeout=10}";
			}
		};
		delegate.next = () -> {
			CompletableResultCode result = new CompletableResultCode();
			result.failExceptionally(new java.net.ConnectException("Failed to connect to collector/10.0.0.1:4318"));
			return result;
		};
		new OutageAwareSpanExporter(delegate).export(spans(1));
		logged(() -> assertThat(output).contains("Spans cannot be exported to http://collector:4318/v1/traces: "
				+ "ConnectException: Failed to connect to collector/10.0.0.1:4318"));
	}

	@Test
	void findsTheEndpointOfTheOtlpExporter() {
		SpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint("http://collector:4318/v1/traces").build();
		try {
			assertThat(OutageAwareSpanExporter.target(otlp)).isEqualTo("http://collector:4318/v1/traces");
		}
		finally {
			otlp.shutdown();
		}
	}

	@Test
	void exportsAsBeforeWhileTheCollectorAnswersAtShutdown() {
		ScriptedExporter delegate = new ScriptedExporter();
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		exporter.closing(this.scheduler, Duration.ofSeconds(30));
		assertThat(exporter.export(spans(3)).isSuccess()).isTrue();
		assertThat(exporter.export(spans(3)).isSuccess()).isTrue();
		assertThat(delegate.exported).hasValue(6);
	}

	@Test
	void dropsWhatIsLeftAtShutdownOnceAnExportFailed(CapturedOutput output) {
		ScriptedExporter delegate = new ScriptedExporter();
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		delegate.next = () -> {
			CompletableResultCode result = new CompletableResultCode();
			result.failExceptionally(new java.net.ConnectException("Connection refused"));
			return result;
		};
		exporter.export(spans(2));
		exporter.closing(this.scheduler, Duration.ofSeconds(30));
		assertThat(exporter.export(spans(5)).isSuccess()).isFalse();
		assertThat(exporter.export(spans(4)).isSuccess()).isFalse();
		assertThat(delegate.exported).as("nothing sent to a collector that is down").hasValue(2);
		exporter.shutdown();
		logged(() -> assertThat(output).contains("9 spans were not exported at shutdown: the last export to "
				+ "ScriptedExporter failed (ConnectException: Connection refused)"));
		assertThat(delegate.shutdown).isTrue();
	}

	@Test
	void interruptsAnExportSendingOnTheCallersThreadAtTheShutdownTimeout(CapturedOutput output) throws Exception {
		ScriptedExporter delegate = new ScriptedExporter();
		AtomicBoolean sawInterrupt = new AtomicBoolean();
		delegate.next = () -> retryUntilInterrupted(sawInterrupt);
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		exporter.closing(this.scheduler, Duration.ofMillis(200));
		CompletableResultCode result = exporter.export(spans(3));
		assertThat(sawInterrupt).isTrue();
		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt status is cleared").isFalse();
		// The collector did not answer: the rest is dropped without waiting again.
		delegate.next = CompletableResultCode::ofSuccess;
		assertThat(exporter.export(spans(2)).isSuccess()).isFalse();
		exporter.shutdown();
		logged(() -> assertThat(output).contains("5 spans were not exported at shutdown")
			.contains("it took longer than the shutdown timeout, 200 ms"));
		assertThat(output).doesNotContain("Spans cannot be exported");
	}

	@Test
	void interruptsAnExportThatWasRetryingWhenTheContextStartedClosing() throws Exception {
		ScriptedExporter delegate = new ScriptedExporter();
		AtomicBoolean sawInterrupt = new AtomicBoolean();
		CountDownLatch sending = new CountDownLatch(1);
		delegate.next = () -> {
			sending.countDown();
			return retryUntilInterrupted(sawInterrupt);
		};
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		List<CompletableResultCode> results = new ArrayList<>();
		Thread processor = new Thread(() -> results.add(exporter.export(spans(1))));
		processor.start();
		assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(300);
		// It has been sending for longer than the timeout: interrupted at once.
		exporter.closing(this.scheduler, Duration.ofMillis(100));
		processor.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(processor.isAlive()).isFalse();
		assertThat(sawInterrupt).isTrue();
		assertThat(results).singleElement().satisfies((result) -> assertThat(result.isSuccess()).isFalse());
	}

	@Test
	void failsAnExportSentElsewhereAtTheShutdownTimeout() {
		ScriptedExporter delegate = new ScriptedExporter();
		CompletableResultCode never = new CompletableResultCode();
		delegate.next = () -> never;
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		exporter.closing(this.scheduler, Duration.ofMillis(100));
		CompletableResultCode result = exporter.export(spans(1));
		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(never.isDone()).isFalse();
	}

	@Test
	void failsAnExportSentElsewhereBeforeTheContextClosedAtTheShutdownTimeout(CapturedOutput output) {
		ScriptedExporter delegate = new ScriptedExporter();
		CompletableResultCode pending = new CompletableResultCode();
		delegate.next = () -> pending;
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		CompletableResultCode result = exporter.export(spans(3));
		exporter.closing(this.scheduler, Duration.ofMillis(100));
		// The processor waits for this very result at shutdown; it ends with the bound, not with the sender.
		assertThat(result.join(10, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		pending.succeed();
		assertThat(result.isSuccess()).isFalse();
		exporter.shutdown();
		logged(() -> assertThat(output).contains("3 spans were not exported at shutdown")
			.contains("it took longer than the shutdown timeout, 100 ms"));
	}

	@Test
	void leavesAnExportAloneBeforeTheContextCloses() {
		ScriptedExporter delegate = new ScriptedExporter();
		CompletableResultCode pending = new CompletableResultCode();
		delegate.next = () -> pending;
		OutageAwareSpanExporter exporter = new OutageAwareSpanExporter(delegate);
		CompletableResultCode result = exporter.export(spans(1));
		assertThat(result).isSameAs(pending);
		assertThat(result.join(300, TimeUnit.MILLISECONDS).isDone()).isFalse();
		pending.succeed();
		assertThat(result.isSuccess()).isTrue();
	}

	/** What OpenTelemetry's retrying sender does on the caller's thread: back off until interrupted. */
	private static CompletableResultCode retryUntilInterrupted(AtomicBoolean sawInterrupt) {
		try {
			Thread.sleep(TimeUnit.SECONDS.toMillis(30));
			return CompletableResultCode.ofSuccess();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			sawInterrupt.set(true);
			return CompletableResultCode.ofFailure();
		}
	}

	/** The JSON console of an earlier test's application may write asynchronously. */
	private static void logged(org.awaitility.core.ThrowingRunnable assertion) {
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(assertion);
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	/** The exporter under test only counts spans; the scripted delegate does not read them. */
	private static List<SpanData> spans(int count) {
		return Collections.nCopies(count, null);
	}

	static class ScriptedExporter implements SpanExporter {

		final AtomicInteger exported = new AtomicInteger();

		volatile Supplier<CompletableResultCode> next = CompletableResultCode::ofSuccess;

		volatile boolean shutdown;

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exported.addAndGet(spans.size());
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
			return "ScriptedExporter";
		}

	}

}
