package dev.platform.tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties.Propagation.PropagationType;

/**
 * Boot's text map propagator for {@code management.tracing.propagation.*} with baggage on, minus Micrometer's
 * {@code BaggageTextMapPropagator}, for while {@code management.tracing.baggage.remote-fields} is empty: that
 * propagator then reads no header and writes none, but still costs a stream over the empty list and a copy of the
 * context's baggage on every request received and every call made. W3C baggage ({@code baggage} header) still
 * travels with the W3C trace context, as in Boot's. The same injectors (every produced type), the same extractors
 * (the consumed types in order, the first that finds a context wins) and the same fields.
 */
final class TraceContextTextMapPropagator implements TextMapPropagator {

	private final List<TextMapPropagator> injectors;

	private final List<TextMapPropagator> extractors;

	private final Set<String> fields;

	private TraceContextTextMapPropagator(List<TextMapPropagator> injectors, List<TextMapPropagator> extractors) {
		this.injectors = injectors;
		this.extractors = extractors;
		Set<String> fields = new LinkedHashSet<>();
		injectors.forEach((injector) -> fields.addAll(injector.fields()));
		extractors.forEach((extractor) -> fields.addAll(extractor.fields()));
		this.fields = Collections.unmodifiableSet(fields);
	}

	static TraceContextTextMapPropagator of(TracingProperties.Propagation properties) {
		List<PropagationType> produced = (properties.getType() != null) ? properties.getType()
				: properties.getProduce();
		List<PropagationType> consumed = (properties.getType() != null) ? properties.getType()
				: properties.getConsume();
		return new TraceContextTextMapPropagator(map(produced), map(consumed));
	}

	private static List<TextMapPropagator> map(List<PropagationType> types) {
		List<TextMapPropagator> propagators = new ArrayList<>(types.size());
		for (PropagationType type : types) {
			propagators.add(switch (type) {
				case W3C -> TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
						W3CBaggagePropagator.getInstance());
				case B3 -> B3Propagator.injectingSingleHeader();
				case B3_MULTI -> B3Propagator.injectingMultiHeaders();
			});
		}
		return List.copyOf(propagators);
	}

	@Override
	public Collection<String> fields() {
		return this.fields;
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		if (context == null || setter == null) {
			return;
		}
		for (TextMapPropagator injector : this.injectors) {
			injector.inject(context, carrier, setter);
		}
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		if (context == null) {
			return Context.root();
		}
		if (getter == null) {
			return context;
		}
		for (TextMapPropagator extractor : this.extractors) {
			Context extracted = extractor.extract(context, carrier, getter);
			if (extracted != context) {
				return extracted;
			}
		}
		return context;
	}

	@Override
	public String toString() {
		return "TraceContextTextMapPropagator[injectors=" + this.injectors + ", extractors=" + this.extractors + "]";
	}

}
