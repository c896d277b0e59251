package dev.platform.otel;

/**
 * What an exporter exports, as {@link ExportOutageGuard}'s messages name it.
 *
 * @param items what one export carries, plural and lower case ({@code spans}, {@code log records})
 * @param failedExportMessage the start of OpenTelemetry's own message for a failed export of these, which the
 * guard reports instead ({@code Failed to export spans})
 * @param whileFailing what the warning says happens while exports fail, and how to run without a collector
 */
public record ExportedSignal(String items, String failedExportMessage, String whileFailing) {

	/** Spans, as the tracing exporters send them. */
	public static final ExportedSignal SPANS = new ExportedSignal("spans", "Failed to export spans",
			"Spans are dropped while it fails (counted by platform.otel.spans.exported with outcome=failure); set "
					+ "management.tracing.export.otlp.enabled=false to run without a collector");

	/** Log records, as the OTLP log exporters send them. */
	public static final ExportedSignal LOG_RECORDS = new ExportedSignal("log records", "Failed to export logs",
			"Log records are dropped while it fails (the console still has every line); set "
					+ "platform.logging.otlp.enabled=false to run without a collector");

	String capitalized() {
		return Character.toUpperCase(this.items.charAt(0)) + this.items.substring(1);
	}

}
