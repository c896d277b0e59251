package dev.platform.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * A {@link SpanExporter} that reports an outage of what it exports to once, and does not let a shutdown wait for
 * it.
 * <ul>
 * <li>The first failed export after a successful one (or after startup) logs one warning with the reason, and the
 * first success after failures logs that exports work again, instead of an error with a stack trace per failed
 * export.</li>
 * <li>Once the application context closes ({@link #closing}), an export may take the shutdown timeout and no
 * longer: past it, an export that sends on the calling thread (the OTLP exporters with
 * {@code platform.tracing.otlp.send-on-processor-thread}) is interrupted, which ends the sender's retries, and one
 * that sends elsewhere is reported failed. After a failed export, the spans that are left are dropped instead of
 * sent, and the number dropped is logged when the exporter shuts down.</li>
 * </ul>
 * Without the second rule, the final flush retries a collector that is down for up to the exporter's timeout
 * (10 s by default) with backoff, and a service without a collector takes that long to stop.
 */
final class OutageAwareSpanExporter implements SpanExporter {

	private static final Log logger = LogFactory.getLog(OutageAwareSpanExporter.class);

	private static final Pattern ENDPOINT = Pattern.compile("endpoint=([^,}\\s]+)");

	private static final boolean OTLP_EXPORTER_PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.exporter.internal.FailedExportException", OutageAwareSpanExporter.class.getClassLoader());

	private final SpanExporter delegate;

	private final String target;

	private final Object lock = new Object();

	private final AtomicLong failedExports = new AtomicLong();

	private final AtomicLong droppedAtShutdown = new AtomicLong();

	/** The export that is sending on its caller's thread, if any. Guarded by {@link #lock}. */
	private Export current;

	private volatile boolean failing;

	private volatile String lastFailure;

	/** Set when the application context closes; from then on exports are bounded. */
	private volatile Closing closing;

	OutageAwareSpanExporter(SpanExporter delegate) {
		this.delegate = delegate;
		this.target = target(delegate);
	}

	SpanExporter delegate() {
		return this.delegate;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		Closing closing = this.closing;
		if (closing != null && this.failing) {
			this.droppedAtShutdown.addAndGet(spans.size());
			return CompletableResultCode.ofFailure();
		}
		Export export = new Export(Thread.currentThread(), System.nanoTime());
		synchronized (this.lock) {
			this.current = export;
			// Read again where closing() reads current: one of the two sees the other, so no export goes unbounded.
			closing = this.closing;
		}
		if (closing != null) {
			closing.interruptAt(this, export, export.startNanos + closing.timeout.toNanos());
		}
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		finally {
			synchronized (this.lock) {
				this.current = null;
				if (export.interrupted) {
					// Only the sender's retries were meant: the processor's own waits must not see it.
					Thread.interrupted();
				}
			}
		}
		if (export.abandoned && !result.isDone()) {
			result.fail();
		}
		if (closing != null && !result.isDone()) {
			result = closing.bound(result, export);
		}
		CompletableResultCode outcome = result;
		int count = spans.size();
		outcome.whenComplete(() -> completed(outcome, count, export));
		return outcome;
	}

	private void completed(CompletableResultCode result, int spans, Export export) {
		if (result.isSuccess()) {
			if (this.failing) {
				this.failing = false;
				logger.info("Spans are exported to " + this.target + " again, after " + this.failedExports.get()
						+ " failed exports");
			}
			this.failedExports.set(0);
			return;
		}
		this.failedExports.incrementAndGet();
		Closing closing = this.closing;
		if (closing != null) {
			this.droppedAtShutdown.addAndGet(spans);
		}
		if (export.abandoned) {
			this.failing = true;
			this.lastFailure = "it took longer than the shutdown timeout, " + closing.timeout.toMillis() + " ms";
			return;
		}
		String reason = reason(result);
		this.lastFailure = reason;
		if (!this.failing) {
			this.failing = true;
			logger.warn("Spans cannot be exported to " + this.target + ": " + reason + ". Spans are dropped while "
					+ "it fails (counted by platform.otel.spans.exported with outcome=failure); set "
					+ "management.tracing.export.otlp.enabled=false to run without a collector");
		}
	}

	/** Bounds every export from now on; an export sending on its caller's thread is bounded too. */
	void closing(ScheduledExecutorService scheduler, Duration timeout) {
		Closing closing = new Closing(scheduler, timeout);
		synchronized (this.lock) {
			this.closing = closing;
			if (this.current != null) {
				closing.interruptAt(this, this.current, this.current.startNanos + timeout.toNanos());
			}
		}
	}

	private void interrupt(Export export) {
		synchronized (this.lock) {
			if (this.current == export) {
				export.abandoned = true;
				export.interrupted = true;
				export.thread.interrupt();
			}
		}
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		long dropped = this.droppedAtShutdown.getAndSet(0);
		if (dropped > 0) {
			logger.warn(dropped + " spans were not exported at shutdown: the last export to " + this.target
					+ " failed (" + this.lastFailure + ")");
		}
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "OutageAwareSpanExporter{" + this.delegate + "}";
	}

	private static String reason(CompletableResultCode result) {
		Throwable failure = result.getFailureThrowable();
		if (failure == null) {
			return "the export failed";
		}
		String response = null;
		if (OTLP_EXPORTER_PRESENT) {
			try {
				response = OtlpFailures.response(failure);
			}
			catch (LinkageError ex) {
				// FailedExportException is the exporters' internal API; another version may differ.
			}
		}
		if (response != null) {
			return response;
		}
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/** The endpoint the OTLP exporters print in their {@code toString}, else the exporter's class. */
	static String target(SpanExporter exporter) {
		Matcher endpoint = ENDPOINT.matcher(String.valueOf(exporter));
		return endpoint.find() ? endpoint.group(1) : exporter.getClass().getSimpleName();
	}

	/** Reads the OTLP exporters' failures; loaded only when they are on the class path. */
	private static final class OtlpFailures {

		static String response(Throwable failure) {
			if (failure instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
				return "HTTP " + http.getResponse().statusCode() + " " + http.getResponse().statusMessage();
			}
			if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.getResponse() != null) {
				return "gRPC status " + grpc.getResponse().grpcStatusValue() + " "
						+ grpc.getResponse().grpcStatusDescription();
			}
			return null;
		}

	}

	private static final class Export {

		final Thread thread;

		final long startNanos;

		/** Set when the shutdown timeout ended the export. */
		volatile boolean abandoned;

		/** Set when the shutdown timeout interrupted the thread sending the export. Guarded by the lock. */
		boolean interrupted;

		Export(Thread thread, long startNanos) {
			this.thread = thread;
			this.startNanos = startNanos;
		}

	}

	private record Closing(ScheduledExecutorService scheduler, Duration timeout) {

		void interruptAt(OutageAwareSpanExporter exporter, Export export, long deadlineNanos) {
			schedule(() -> exporter.interrupt(export), deadlineNanos);
		}

		CompletableResultCode bound(CompletableResultCode result, Export export) {
			CompletableResultCode bounded = new CompletableResultCode();
			result.whenComplete(() -> {
				if (result.isSuccess()) {
					bounded.succeed();
				}
				else {
					Throwable failure = result.getFailureThrowable();
					if (failure != null) {
						bounded.failExceptionally(failure);
					}
					else {
						bounded.fail();
					}
				}
			});
			schedule(() -> {
				export.abandoned = true;
				bounded.fail();
			}, export.startNanos + this.timeout.toNanos());
			return bounded;
		}

		private void schedule(Runnable task, long deadlineNanos) {
			try {
				this.scheduler.schedule(task, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				// The scheduler is shut down: the context is gone, nothing left to bound.
			}
		}

	}

}
