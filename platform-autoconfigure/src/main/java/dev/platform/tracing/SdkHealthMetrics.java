package dev.platform.tracing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the OpenTelemetry SDK's own health: {@code platform.otel.spans.queued},
 * {@code platform.otel.spans.processed}, {@code platform.otel.spans.dropped} and
 * {@code platform.otel.spans.exported} (tag {@code outcome}). A dead or hanging collector shows here as
 * failed exports and dropped spans while requests carry on.
 */
class SdkHealthMetrics implements MeterBinder {

	// Metric names of the SDK's legacy internal telemetry, the default in OpenTelemetry Java 1.x.
	static final String QUEUE_SIZE = "queueSize";

	/** The attribute that names the span processor on {@link #QUEUE_SIZE} and {@link #PROCESSED_SPANS}. */
	static final String PROCESSOR_TYPE = "processorType";

	static final String PROCESSED_SPANS = "processedSpans";

	static final String EXPORTED = "otlp.exporter.exported";

	private final SdkHealthMeterProvider provider;

	SdkHealthMetrics(SdkHealthMeterProvider provider) {
		this.provider = provider;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("platform.otel.spans.queued", this.provider,
				(p) -> p.sum(QUEUE_SIZE, SdkHealthMeterProvider.attribute(PROCESSOR_TYPE, "BatchSpanProcessor")))
			.description("Spans waiting in the batch span processor's queue")
			.register(registry);
		FunctionCounter
			.builder("platform.otel.spans.processed", this.provider,
					(p) -> p.sum(PROCESSED_SPANS, SdkHealthMeterProvider.attribute("dropped", "false")))
			.description("Spans the batch span processor handed to the exporter")
			.register(registry);
		FunctionCounter
			.builder("platform.otel.spans.dropped", this.provider,
					(p) -> p.sum(PROCESSED_SPANS, SdkHealthMeterProvider.attribute("dropped", "true")))
			.description("Spans dropped because the export queue was full")
			.register(registry);
		for (String outcome : new String[] { "success", "failure" }) {
			String success = String.valueOf("success".equals(outcome));
			FunctionCounter
				.builder("platform.otel.spans.exported", this.provider,
						(p) -> p.sum(EXPORTED, SdkHealthMeterProvider.attribute("type", "span")
							.and(SdkHealthMeterProvider.attribute("success", success))))
				.description("Spans sent to the OTLP endpoint, by outcome")
				.tag("outcome", outcome)
				.register(registry);
		}
	}

}
