package dev.platform.tracing;

import java.time.Duration;

import dev.platform.otel.ExportOutages;
import dev.platform.otel.ExportedSignal;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Watches the span exporters (see {@link ExportOutages}): reports an outage once instead of letting
 * OpenTelemetry log an error with a stack trace per failed export, and bounds every export once the application
 * context closes, so that a collector that is down does not hold up the shutdown.
 */
public class SpanExportOutages extends ExportOutages {

	public SpanExportOutages(Duration shutdownTimeout) {
		super(shutdownTimeout, ExportedSignal.SPANS);
	}

	/**
	 * Wraps an exporter so that its outages are reported once and its exports are bounded at shutdown.
	 * @param exporter the exporter
	 * @return the exporter to hand to the span processor
	 */
	public SpanExporter watch(SpanExporter exporter) {
		OutageAwareSpanExporter watched = new OutageAwareSpanExporter(exporter);
		watch(watched.guard());
		return watched;
	}

}
