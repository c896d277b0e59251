package dev.platform.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;

import dev.platform.otel.ExportOutageGuard;
import dev.platform.otel.ExportedSignal;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A {@link SpanExporter} that reports an outage of what it exports to once, and does not let a shutdown wait for
 * it (see {@link ExportOutageGuard}).
 */
final class OutageAwareSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final ExportOutageGuard<SpanData> guard;

	OutageAwareSpanExporter(SpanExporter delegate) {
		this.delegate = delegate;
		this.guard = new ExportOutageGuard<>(delegate, delegate::export, ExportedSignal.SPANS);
	}

	SpanExporter delegate() {
		return this.delegate;
	}

	ExportOutageGuard<SpanData> guard() {
		return this.guard;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return this.guard.export(spans);
	}

	/** Bounds every export from now on (see {@link ExportOutageGuard#closing}). */
	void closing(ScheduledExecutorService scheduler, Duration timeout) {
		this.guard.closing(scheduler, timeout);
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
		return "OutageAwareSpanExporter{" + this.delegate + "}";
	}

	static String target(SpanExporter exporter) {
		return ExportOutageGuard.target(exporter);
	}

}
