package dev.platform.tracing;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry.ObservationConfig;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.boot.micrometer.observation.autoconfigure.ObservationHandlerGroup;

/**
 * Boot's group of tracing and meter observation handlers, handler for handler, except that Micrometer's
 * {@link DefaultMeterObservationHandler} is wrapped in a {@link SpanHandOffMeterObservationHandler} instead of a
 * {@link TracingAwareMeterObservationHandler}. Every other meter handler is wrapped as Boot wraps it.
 */
final class SpanHandOffObservationHandlerGroup implements ObservationHandlerGroup {

	private final Tracer tracer;

	SpanHandOffObservationHandlerGroup(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean isMember(ObservationHandler<?> handler) {
		return handler instanceof MeterObservationHandler<?> || handler instanceof TracingObservationHandler<?>;
	}

	@Override
	public int compareTo(ObservationHandlerGroup other) {
		if (other instanceof SpanHandOffObservationHandlerGroup) {
			return 0;
		}
		return MeterObservationHandler.class.isAssignableFrom(other.handlerType()) ? -1 : 1;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void registerMembers(ObservationConfig config, List<ObservationHandler<?>> members) {
		List<ObservationHandler<?>> tracingHandlers = new ArrayList<>(members.size());
		List<ObservationHandler<?>> meterHandlers = new ArrayList<>(members.size());
		for (ObservationHandler<?> member : members) {
			if (member instanceof MeterObservationHandler meterHandler
					&& !(member instanceof TracingAwareMeterObservationHandler<?>)) {
				meterHandlers.add((member.getClass() == DefaultMeterObservationHandler.class)
						? new SpanHandOffMeterObservationHandler<>(meterHandler)
						: new TracingAwareMeterObservationHandler<>(meterHandler, this.tracer));
			}
			else {
				tracingHandlers.add(member);
			}
		}
		register(config, tracingHandlers);
		register(config, meterHandlers);
	}

	private static void register(ObservationConfig config, List<ObservationHandler<?>> handlers) {
		if (handlers.size() == 1) {
			config.observationHandler(handlers.get(0));
		}
		else if (!handlers.isEmpty()) {
			config.observationHandler(new FirstMatchingCompositeObservationHandler(handlers));
		}
	}

	@Override
	public Class<?> handlerType() {
		return TracingObservationHandler.class;
	}

}
