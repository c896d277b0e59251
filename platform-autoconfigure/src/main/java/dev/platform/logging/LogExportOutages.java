package dev.platform.logging;

import java.time.Duration;

import dev.platform.otel.ExportOutages;
import dev.platform.otel.ExportedSignal;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * Watches the OTLP log record exporters (see {@link ExportOutages}): reports an outage once instead of letting
 * OpenTelemetry log an error with a stack trace per failed export (which the OTLP appender would then try to
 * export too), and bounds every export once the application context closes, so that a collector that is down
 * does not hold up the shutdown.
 */
public class LogExportOutages extends ExportOutages {

	public LogExportOutages(Duration shutdownTimeout) {
		super(shutdownTimeout, ExportedSignal.LOG_RECORDS);
	}

	/**
	 * Wraps an exporter so that its outages are reported once and its exports are bounded at shutdown.
	 * @param exporter the exporter
	 * @return the exporter to hand to the log record processor
	 */
	public LogRecordExporter watch(LogRecordExporter exporter) {
		OutageAwareLogRecordExporter watched = new OutageAwareLogRecordExporter(exporter);
		watch(watched.guard());
		return watched;
	}

}
