package dev.platform.tracing;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * What Micrometer's {@link TracingAwareMeterObservationHandler} does for Prometheus exemplars, without the scope:
 * that handler puts the observation's span back in scope around stopping the meters, so that the exemplar sampler
 * sees it; opening and closing that scope publishes the trace ids to the MDC and back, about 1 µs per observation.
 * This one hands the span to {@link ExemplarSpan} instead. Meter handlers other than Micrometer's default one
 * may read the current span in other ways, so only that one is wrapped like this.
 *
 * @param <T> the context type
 */
final class SpanHandOffMeterObservationHandler<T extends Observation.Context> implements MeterObservationHandler<T> {

	private final MeterObservationHandler<T> delegate;

	SpanHandOffMeterObservationHandler(MeterObservationHandler<T> delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onStart(T context) {
		this.delegate.onStart(context);
	}

	@Override
	public void onError(T context) {
		this.delegate.onError(context);
	}

	@Override
	public void onEvent(Observation.Event event, T context) {
		this.delegate.onEvent(event, context);
	}

	@Override
	public void onScopeOpened(T context) {
		this.delegate.onScopeOpened(context);
	}

	@Override
	public void onScopeClosed(T context) {
		this.delegate.onScopeClosed(context);
	}

	@Override
	public void onStop(T context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null) {
			this.delegate.onStop(context);
			return;
		}
		try (ExemplarSpan.HandOff handOff = ExemplarSpan.handOff(span)) {
			this.delegate.onStop(context);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.delegate.supportsContext(context);
	}

	@Override
	public String toString() {
		return "SpanHandOffMeterObservationHandler[" + this.delegate + "]";
	}

}
