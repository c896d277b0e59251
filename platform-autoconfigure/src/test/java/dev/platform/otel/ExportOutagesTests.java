package dev.platform.otel;

import java.time.Duration;
import java.util.logging.Filter;
import java.util.logging.Logger;

import dev.platform.logging.LogExportOutages;
import dev.platform.tracing.SpanExportOutages;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportOutagesTests {

	private final Logger exporterLogger = Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter");

	private final Filter original = (record) -> true;

	@BeforeEach
	void installOriginalFilter() {
		this.exporterLogger.setFilter(this.original);
	}

	@AfterEach
	void clearFilter() {
		this.exporterLogger.setFilter(null);
	}

	@Test
	void spansAndLogsLeaveTheExporterLoggersAsTheyFoundThemWhicheverStopsFirst() {
		for (boolean spansFirst : new boolean[] { true, false }) {
			SpanExportOutages spans = new SpanExportOutages(Duration.ofSeconds(2));
			LogExportOutages logs = new LogExportOutages(Duration.ofSeconds(2));
			spans.watch(SpanExporter.composite());
			logs.watch(LogRecordExporter.composite());
			assertThat(this.exporterLogger.getFilter()).isNotSameAs(this.original);
			if (spansFirst) {
				spans.destroy();
				logs.destroy();
			}
			else {
				logs.destroy();
				spans.destroy();
			}
			assertThat(this.exporterLogger.getFilter()).as("spans first: %s", spansFirst).isSameAs(this.original);
		}
	}

	@Test
	void dropsOnlyTheFailureReportsOfTheSignalsItWatches() {
		SpanExportOutages spans = new SpanExportOutages(Duration.ofSeconds(2));
		spans.watch(SpanExporter.composite());
		Filter filter = this.exporterLogger.getFilter();
		assertThat(filter.isLoggable(record("Failed to export spans. Server responded with HTTP status code 503")))
			.isFalse();
		assertThat(filter.isLoggable(record("Failed to export logs. Server responded with HTTP status code 503")))
			.isTrue();
		spans.destroy();
	}

	private static java.util.logging.LogRecord record(String message) {
		return new java.util.logging.LogRecord(java.util.logging.Level.SEVERE, message);
	}

}
