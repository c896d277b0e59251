package dev.platform.events.amqp;

import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Captures the W3C {@code traceparent} of the current span when an event is recorded, and restores it later (when
 * the relay sends the event, or when a consumer handles it without a listener observation) so that the spans of
 * every step belong to the trace of the request that produced the event.
 */
public final class TraceContexts {

	/** The W3C trace context header. */
	public static final String TRACEPARENT = "traceparent";

	private static final TraceContexts NONE = new TraceContexts(null, null);

	private final @Nullable Tracer tracer;

	private final @Nullable Propagator propagator;

	public TraceContexts(@Nullable Tracer tracer, @Nullable Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** Trace contexts for an application without tracing: nothing is captured, restoring is a no-op. */
	public static TraceContexts none() {
		return NONE;
	}

	public @Nullable String currentTraceparent() {
		Span span = (this.tracer != null) ? this.tracer.currentSpan() : null;
		if (span == null) {
			return null;
		}
		TraceContext context = span.context();
		if (context.traceId().isEmpty() || context.traceId().chars().allMatch((c) -> c == '0')) {
			return null;
		}
		return "00-" + context.traceId() + "-" + context.spanId() + "-"
				+ (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
	}

	public @Nullable String currentTraceId() {
		Span span = (this.tracer != null) ? this.tracer.currentSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

	/**
	 * Opens a span, child of the given trace context, and puts it in scope. Does nothing when there is no tracer, no
	 * stored context, or (with {@code onlyIfNoSpan}) a span is already current.
	 */
	public Restored restore(@Nullable String traceparent, String spanName, Span.Kind kind, boolean onlyIfNoSpan) {
		Tracer tracer = this.tracer;
		if (tracer == null || this.propagator == null || traceparent == null
				|| (onlyIfNoSpan && tracer.currentSpan() != null)) {
			return Restored.NOTHING;
		}
		Span span = this.propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
			.name(spanName)
			.kind(kind)
			.start();
		Tracer.SpanInScope scope = tracer.withSpan(span);
		return () -> {
			scope.close();
			span.end();
		};
	}

	/** A restored span in scope; closing it ends the span. */
	@FunctionalInterface
	public interface Restored extends AutoCloseable {

		Restored NOTHING = () -> {
		};

		@Override
		void close();

	}

}
