package dev.platform.otel;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Wraps the exports of one exporter so that an outage of what it exports to is reported once, and a shutdown does
 * not wait for it. The span and log record exporters of the starter delegate their {@code export} here.
 * <ul>
 * <li>The first failed export after a successful one (or after startup) logs one warning with the reason, and the
 * first success after failures logs that exports work again, instead of an error with a stack trace per failed
 * export.</li>
 * <li>Once the application context closes ({@link #closing}), an export may take the shutdown timeout and no
 * longer: past it, an export that sends on the calling thread (the OTLP span exporters with
 * {@code platform.tracing.otlp.send-on-processor-thread}) is interrupted, which ends the sender's retries, and one
 * that sends elsewhere (the OTLP log exporter, on OkHttp's dispatcher) is reported failed, also when it began
 * before the context closed. After a failed export, the items that are left are dropped instead of
 * sent, and the number dropped is logged when the exporter shuts down.</li>
 * </ul>
 * Without the second rule, the final flush retries a collector that is down for up to the exporter's timeout
 * (10 s by default) with backoff, and a service without a collector takes that long to stop.
 *
 * @param <T> what one export carries a collection of
 */
public final class ExportOutageGuard<T> {

	private static final Log logger = LogFactory.getLog(ExportOutageGuard.class);

	private static final Pattern ENDPOINT = Pattern.compile("endpoint=([^,}\\s]+)");

	private static final boolean OTLP_EXPORTER_PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.exporter.internal.FailedExportException", ExportOutageGuard.class.getClassLoader());

	private final Function<Collection<T>, CompletableResultCode> export;

	private final String target;

	private final ExportedSignal signal;

	private final Object lock = new Object();

	private final AtomicLong failedExports = new AtomicLong();

	private final AtomicLong droppedAtShutdown = new AtomicLong();

	/** The export that is sending on its caller's thread, if any. Guarded by {@link #lock}. */
	private @Nullable Export current;

	/** Exports whose sending went on elsewhere and has not ended. Guarded by {@link #lock}. */
	private final Set<Export> inFlight = new HashSet<>();

	private volatile boolean failing;

	private volatile @Nullable String lastFailure;

	/** Set when the application context closes; from then on exports are bounded. */
	private volatile @Nullable Closing closing;

	/**
	 * @param exporter the exporter, named in the messages by the endpoint in its {@code toString} (the OTLP
	 * exporters print it) or else by its class
	 * @param export its {@code export} method
	 * @param signal what it exports
	 */
	public ExportOutageGuard(Object exporter, Function<Collection<T>, CompletableResultCode> export,
			ExportedSignal signal) {
		this.export = export;
		this.target = target(exporter);
		this.signal = signal;
	}

	/**
	 * Exports through the exporter, bounded once the context closes.
	 * @param items what to export
	 * @return the outcome
	 */
	public CompletableResultCode export(Collection<T> items) {
		Closing closing = this.closing;
		if (closing != null && this.failing) {
			this.droppedAtShutdown.addAndGet(items.size());
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
			result = this.export.apply(items);
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
		if (!result.isDone()) {
			// Sent elsewhere (OkHttp's dispatcher, for instance): bounded too if the context closes before it ends.
			synchronized (this.lock) {
				closing = this.closing;
				if (closing == null) {
					export.result = result;
					this.inFlight.add(export);
				}
			}
			if (closing != null) {
				result = closing.bound(result, export);
			}
			else {
				result.whenComplete(() -> {
					synchronized (this.lock) {
						this.inFlight.remove(export);
					}
				});
			}
		}
		CompletableResultCode outcome = result;
		int count = items.size();
		outcome.whenComplete(() -> completed(outcome, count, export));
		return outcome;
	}

	private void completed(CompletableResultCode result, int items, Export export) {
		if (result.isSuccess()) {
			if (this.failing) {
				this.failing = false;
				logger.info(this.signal.capitalized() + " are exported to " + this.target + " again, after "
						+ this.failedExports.get() + " failed exports");
			}
			this.failedExports.set(0);
			return;
		}
		this.failedExports.incrementAndGet();
		Closing closing = this.closing;
		if (closing != null) {
			this.droppedAtShutdown.addAndGet(items);
		}
		if (export.abandoned && closing != null) {
			this.failing = true;
			this.lastFailure = "it took longer than the shutdown timeout, " + closing.timeout.toMillis() + " ms";
			return;
		}
		String reason = reason(result);
		this.lastFailure = reason;
		if (!this.failing) {
			this.failing = true;
			logger.warn(this.signal.capitalized() + " cannot be exported to " + this.target + ": " + reason + ". "
					+ this.signal.whileFailing());
		}
	}

	/**
	 * Bounds every export from now on; an export sending on its caller's thread is bounded too.
	 * @param scheduler ends exports that take too long
	 * @param timeout how long one export may take
	 */
	public void closing(ScheduledExecutorService scheduler, Duration timeout) {
		Closing closing = new Closing(scheduler, timeout);
		synchronized (this.lock) {
			this.closing = closing;
			Export current = this.current;
			if (current != null) {
				closing.interruptAt(this, current, current.startNanos + timeout.toNanos());
			}
			for (Export export : this.inFlight) {
				closing.failAt(export, export.startNanos + timeout.toNanos());
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

	/** Logs how many items were dropped at shutdown, if any; call when the exporter shuts down. */
	public void shutdown() {
		long dropped = this.droppedAtShutdown.getAndSet(0);
		if (dropped > 0) {
			logger.warn(dropped + " " + this.signal.items() + " were not exported at shutdown: the last export to "
					+ this.target + " failed (" + this.lastFailure + ")");
		}
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

	/**
	 * The endpoint the OTLP exporters print in their {@code toString}, else the exporter's class.
	 * @param exporter an exporter
	 * @return how the messages name it
	 */
	public static String target(Object exporter) {
		Matcher endpoint = ENDPOINT.matcher(String.valueOf(exporter));
		return endpoint.find() ? endpoint.group(1) : exporter.getClass().getSimpleName();
	}

	/** Reads the OTLP exporters' failures; loaded only when they are on the class path. */
	private static final class OtlpFailures {

		static @Nullable String response(Throwable failure) {
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

		/** The exporter's result while it is sending elsewhere. Guarded by the lock. */
		@Nullable CompletableResultCode result;

		Export(Thread thread, long startNanos) {
			this.thread = thread;
			this.startNanos = startNanos;
		}

	}

	private record Closing(ScheduledExecutorService scheduler, Duration timeout) {

		void interruptAt(ExportOutageGuard<?> guard, Export export, long deadlineNanos) {
			schedule(() -> guard.interrupt(export), deadlineNanos);
		}

		/** Fails the exporter's own result: the processor waiting for it goes on, the sender's answer is ignored. */
		void failAt(Export export, long deadlineNanos) {
			CompletableResultCode result = export.result;
			if (result == null) {
				return;
			}
			schedule(() -> {
				if (!result.isDone()) {
					export.abandoned = true;
					result.fail();
				}
			}, deadlineNanos);
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
