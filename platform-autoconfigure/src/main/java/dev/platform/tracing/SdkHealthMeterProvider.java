package dev.platform.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * The OpenTelemetry {@link MeterProvider} that Boot hands to the span processor and the OTLP exporters,
 * kept in memory and read on demand, so the SDK's own counters (queue size, processed and dropped spans,
 * export outcomes) can be published through Micrometer. It is deliberately not the application's
 * {@code OpenTelemetry} meter provider: nothing but the SDK's internals records into it.
 */
public final class SdkHealthMeterProvider implements MeterProvider, AutoCloseable {

	private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

	private final PullReader reader = new PullReader();

	private final SdkMeterProvider delegate = SdkMeterProvider.builder().registerMetricReader(this.reader).build();

	private volatile Snapshot snapshot = new Snapshot(List.of(), System.nanoTime() - SNAPSHOT_TTL.toNanos() - 1);

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return this.delegate.meterBuilder(instrumentationScopeName);
	}

	/**
	 * Returns the sum of the long points of metric {@code name} whose attributes match.
	 * @param name the SDK's metric name
	 * @param attributes which points to count
	 * @return the sum, 0 when the SDK has not recorded the metric yet
	 */
	long sum(String name, Predicate<Attributes> attributes) {
		long sum = 0;
		for (MetricData metric : snapshot()) {
			if (metric.getName().equals(name)) {
				for (var point : metric.getData().getPoints()) {
					if (point instanceof LongPointData longPoint && attributes.test(point.getAttributes())) {
						sum += longPoint.getValue();
					}
				}
			}
		}
		return sum;
	}

	static Predicate<Attributes> attribute(String key, String value) {
		return (attributes) -> {
			Object actual = attributes.get(AttributeKey.stringKey(key));
			if (actual == null) {
				actual = attributes.get(AttributeKey.booleanKey(key));
			}
			return actual != null && value.equals(String.valueOf(actual));
		};
	}

	// One scrape reads several meters: collect once per scrape, not once per meter.
	private Collection<MetricData> snapshot() {
		Snapshot current = this.snapshot;
		long now = System.nanoTime();
		if (now - current.takenNanos() > SNAPSHOT_TTL.toNanos()) {
			current = new Snapshot(this.reader.collect(), now);
			this.snapshot = current;
		}
		return current.metrics();
	}

	private record Snapshot(Collection<MetricData> metrics, long takenNanos) {
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private static final class PullReader implements MetricReader {

		private volatile CollectionRegistration registration = CollectionRegistration.noop();

		@Override
		public void register(CollectionRegistration registration) {
			this.registration = registration;
		}

		Collection<MetricData> collect() {
			return this.registration.collectAllMetrics();
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.CUMULATIVE;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
