package dev.platform.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * {@link TraceIdSource} backed by Micrometer Tracing's current span.
 */
public class MicrometerTraceIdSource implements TraceIdSource {

	private final Tracer tracer;

	public MicrometerTraceIdSource(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable String currentTraceId() {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return null;
		}
		String traceId = span.context().traceId();
		return (traceId.isEmpty() || traceId.chars().allMatch((c) -> c == '0')) ? null : traceId;
	}

}
