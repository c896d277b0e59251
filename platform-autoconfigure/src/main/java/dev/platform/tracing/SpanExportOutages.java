package dev.platform.tracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Watches the span exporters (see {@link OutageAwareSpanExporter}): reports an outage once instead of letting
 * OpenTelemetry log an error with a stack trace per failed export, and bounds every export once the application
 * context closes, so that a collector that is down does not hold up the shutdown. The thread that bounds them is
 * started when the context closes, not before.
 */
public class SpanExportOutages implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware,
		DisposableBean {

	/** The loggers of OpenTelemetry's OTLP exporters (java.util.logging), held so their filter stays. */
	private static final List<String> EXPORTER_LOGGERS = List.of("io.opentelemetry.exporter.internal.http.HttpExporter",
			"io.opentelemetry.exporter.internal.grpc.GrpcExporter");

	private final Duration shutdownTimeout;

	private final List<OutageAwareSpanExporter> exporters = new CopyOnWriteArrayList<>();

	private volatile List<FailedSpanExportFilter> filters = List.of();

	private ApplicationContext applicationContext;

	private volatile ScheduledExecutorService scheduler;

	public SpanExportOutages(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Wraps an exporter so that its outages are reported once and its exports are bounded at shutdown.
	 * @param exporter the exporter
	 * @return the exporter to hand to the span processor
	 */
	public SpanExporter watch(SpanExporter exporter) {
		OutageAwareSpanExporter watched = new OutageAwareSpanExporter(exporter);
		this.exporters.add(watched);
		synchronized (this.exporters) {
			// OpenTelemetry's own reports are dropped only while an exporter reports instead.
			if (this.filters.isEmpty()) {
				this.filters = EXPORTER_LOGGERS.stream().map(Logger::getLogger).map(FailedSpanExportFilter::new).toList();
			}
		}
		return watched;
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
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "platform-span-export-shutdown");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
		for (OutageAwareSpanExporter exporter : this.exporters) {
			exporter.closing(scheduler, this.shutdownTimeout);
		}
	}

	@Override
	public void destroy() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		this.filters.forEach(FailedSpanExportFilter::remove);
	}

	/**
	 * Drops OpenTelemetry's own "Failed to export spans" records, which {@link OutageAwareSpanExporter} reports
	 * instead; every other record goes to the filter that was there before.
	 */
	private static final class FailedSpanExportFilter implements Filter {

		private final Logger logger;

		private final Filter previous;

		FailedSpanExportFilter(Logger logger) {
			this.logger = logger;
			this.previous = logger.getFilter();
			logger.setFilter(this);
		}

		@Override
		public boolean isLoggable(LogRecord record) {
			String message = record.getMessage();
			if (message != null && message.startsWith("Failed to export spans")) {
				return false;
			}
			return this.previous == null || this.previous.isLoggable(record);
		}

		void remove() {
			if (this.logger.getFilter() == this) {
				this.logger.setFilter(this.previous);
			}
		}

	}

}
