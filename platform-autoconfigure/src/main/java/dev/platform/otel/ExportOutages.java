package dev.platform.otel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Watches the exporters of one signal through an {@link ExportOutageGuard} each: reports an outage once instead of
 * letting OpenTelemetry log an error with a stack trace per failed export, and bounds every export once the
 * application context closes, so that a collector that is down does not hold up the shutdown. The thread that
 * bounds them is started when the context closes, not before.
 */
public abstract class ExportOutages implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware,
		DisposableBean {

	/** The loggers of OpenTelemetry's OTLP exporters (java.util.logging), held so their filter stays. */
	private static final List<String> EXPORTER_LOGGERS = List.of("io.opentelemetry.exporter.internal.http.HttpExporter",
			"io.opentelemetry.exporter.internal.grpc.GrpcExporter");

	private final Duration shutdownTimeout;

	private final ExportedSignal signal;

	private final List<ExportOutageGuard<?>> guards = new CopyOnWriteArrayList<>();

	private volatile List<FailedExportFilter> filters = List.of();

	private @Nullable ApplicationContext applicationContext;

	private volatile @Nullable ScheduledExecutorService scheduler;

	protected ExportOutages(Duration shutdownTimeout, ExportedSignal signal) {
		this.shutdownTimeout = shutdownTimeout;
		this.signal = signal;
	}

	/**
	 * Watches the exports of one exporter from now on.
	 * @param <T> what one export carries
	 * @param guard the exporter's guard
	 * @return the guard
	 */
	protected <T> ExportOutageGuard<T> watch(ExportOutageGuard<T> guard) {
		this.guards.add(guard);
		synchronized (this.guards) {
			// OpenTelemetry's own reports are dropped only while a guard reports instead.
			if (this.filters.isEmpty()) {
				this.filters = EXPORTER_LOGGERS.stream()
					.map(Logger::getLogger)
					.map((logger) -> new FailedExportFilter(logger, this.signal.failedExportMessage()))
					.toList();
			}
		}
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			guard.closing(scheduler, this.shutdownTimeout);
		}
		return guard;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.applicationContext || this.scheduler != null) {
			return;
		}
		String name = "platform-" + this.signal.items().replace(' ', '-') + "-export-shutdown";
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
		for (ExportOutageGuard<?> guard : this.guards) {
			guard.closing(scheduler, this.shutdownTimeout);
		}
	}

	@Override
	public void destroy() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		this.filters.forEach(FailedExportFilter::remove);
	}

	/**
	 * Drops OpenTelemetry's own "Failed to export ..." records of one signal, which {@link ExportOutageGuard}
	 * reports instead; every other record goes to the filter that was there before.
	 */
	private static final class FailedExportFilter implements Filter {

		private final Logger logger;

		private final String message;

		/** The filter below this one; relinked when a filter below is removed first. Guarded by the logger. */
		private volatile @Nullable Filter previous;

		FailedExportFilter(Logger logger, String message) {
			this.logger = logger;
			this.message = message;
			synchronized (logger) {
				this.previous = logger.getFilter();
				logger.setFilter(this);
			}
		}

		@Override
		public boolean isLoggable(LogRecord record) {
			String message = record.getMessage();
			if (message != null && message.startsWith(this.message)) {
				return false;
			}
			Filter previous = this.previous;
			return previous == null || previous.isLoggable(record);
		}

		/**
		 * Takes this filter out of the logger's chain, also when another signal's filter was put on top of it
		 * later (spans and logs filter the same exporter loggers).
		 */
		void remove() {
			synchronized (this.logger) {
				Filter top = this.logger.getFilter();
				if (top == this) {
					this.logger.setFilter(this.previous);
					return;
				}
				while (top instanceof FailedExportFilter above) {
					if (above.previous == this) {
						above.previous = this.previous;
						return;
					}
					top = above.previous;
				}
			}
		}

	}

}
