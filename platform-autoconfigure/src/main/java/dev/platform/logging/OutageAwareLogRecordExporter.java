package dev.platform.logging;

import java.util.Collection;

import dev.platform.otel.ExportOutageGuard;
import dev.platform.otel.ExportedSignal;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * A {@link LogRecordExporter} that reports an outage of what it exports to once, and does not let a shutdown wait
 * for it (see {@link ExportOutageGuard}).
 */
final class OutageAwareLogRecordExporter implements LogRecordExporter {

	private final LogRecordExporter delegate;

	private final ExportOutageGuard<LogRecordData> guard;

	OutageAwareLogRecordExporter(LogRecordExporter delegate) {
		this.delegate = delegate;
		this.guard = new ExportOutageGuard<>(delegate, delegate::export, ExportedSignal.LOG_RECORDS);
	}

	LogRecordExporter delegate() {
		return this.delegate;
	}

	ExportOutageGuard<LogRecordData> guard() {
		return this.guard;
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> logs) {
		return this.guard.export(logs);
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.guard.shutdown();
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "OutageAwareLogRecordExporter{" + this.delegate + "}";
	}

}
