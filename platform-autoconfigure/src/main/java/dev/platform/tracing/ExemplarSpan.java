package dev.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The span Prometheus exemplars point to. While {@link SpanHandOffMeterObservationHandler} stops an observation's
 * meters it hands the observation's span over here, so the exemplar sampler finds it without the span being put
 * in scope (which would publish its trace ids to the MDC and back for a sampler that, rate-limited, looks at
 * almost no recordings). At any other time it is the tracer's current span, as with Boot's own
 * {@link SpanContext}.
 */
final class ExemplarSpan implements SpanContext {

	private static final ThreadLocal<@Nullable Span> HANDED_OFF = new ThreadLocal<>();

	private final SingletonSupplier<Tracer> tracer;

	/**
	 * @param tracer looked up on first use: the meter registry needs this span context and the tracer can need
	 * the meter registry.
	 */
	ExemplarSpan(ObjectProvider<Tracer> tracer) {
		this.tracer = SingletonSupplier.of(tracer::getObject);
	}

	/**
	 * Makes the span the exemplars' span on this thread until the returned hand-off is closed.
	 * @param span the observation's span
	 * @return restores the span handed off before, if any
	 */
	static HandOff handOff(Span span) {
		Span previous = HANDED_OFF.get();
		HANDED_OFF.set(span);
		return () -> {
			if (previous != null) {
				HANDED_OFF.set(previous);
			}
			else {
				HANDED_OFF.remove();
			}
		};
	}

	@Override
	public @Nullable String getCurrentTraceId() {
		Span span = current();
		return (span != null) ? span.context().traceId() : null;
	}

	@Override
	public @Nullable String getCurrentSpanId() {
		Span span = current();
		return (span != null) ? span.context().spanId() : null;
	}

	@Override
	public boolean isCurrentSpanSampled() {
		Span span = current();
		return span != null && Boolean.TRUE.equals(span.context().sampled());
	}

	@Override
	public void markCurrentSpanAsExemplar() {
	}

	private @Nullable Span current() {
		Span handedOff = HANDED_OFF.get();
		return (handedOff != null) ? handedOff : this.tracer.obtain().currentSpan();
	}

	/** Ends a hand-off. */
	interface HandOff extends AutoCloseable {

		@Override
		void close();

	}

}
