package dev.platform.events.amqp;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
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

	private final @Nullable ObservationRegistry observationRegistry;

	public TraceContexts(@Nullable Tracer tracer, @Nullable ObservationRegistry observationRegistry) {
		this.tracer = tracer;
		this.observationRegistry = observationRegistry;
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
	 * Opens an observation whose span continues the given trace context and puts it in scope, so that the spans
	 * Spring AMQP's observations open inside it (the template's send, Boot's listener) join that trace. Does nothing
	 * when there is no observation registry, no stored context, or (with {@code onlyIfNoSpan}) a span is current.
	 */
	public Restored restore(@Nullable String traceparent, String observationName, boolean onlyIfNoSpan) {
		ObservationRegistry registry = this.observationRegistry;
		if (registry == null || registry.isNoop() || traceparent == null
				|| (onlyIfNoSpan && this.tracer != null && this.tracer.currentSpan() != null)) {
			return Restored.NOTHING;
		}
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
		context.setCarrier(Map.of(TRACEPARENT, traceparent));
		Observation observation = Observation.createNotStarted(observationName, () -> context, registry).start();
		Observation.Scope scope = observation.openScope();
		return () -> {
			scope.close();
			observation.stop();
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
