package dev.platform.web;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
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
		return traceIdOf(this.tracer.currentSpan());
	}

	@Override
	public @Nullable String traceIdOf(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		return (tracing != null) ? traceIdOf(tracing.getSpan()) : null;
	}

	private static @Nullable String traceIdOf(@Nullable Span span) {
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
