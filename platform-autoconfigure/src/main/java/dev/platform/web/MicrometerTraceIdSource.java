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
		return isValid(traceId) ? traceId : null;
	}

	/** Not empty and not all zeros (the invalid trace id); a loop, as this runs on every request. */
	static boolean isValid(String traceId) {
		for (int i = 0; i < traceId.length(); i++) {
			if (traceId.charAt(i) != '0') {
				return true;
			}
		}
		return false;
	}

}
