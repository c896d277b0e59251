package dev.platform.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * The OpenTelemetry {@link MeterProvider} that Boot hands to the span processor and the OTLP exporters, kept in
 * memory and read on demand, so the SDK's own counters (queue size, processed and dropped spans, export outcomes)
 * can be published through Micrometer. It is deliberately not the application's {@code OpenTelemetry} meter
 * provider: nothing but the SDK's internals records into it.
 * <p>
 * It keeps long counters and long gauge callbacks, which is all the SDK's internal telemetry records, in plain
 * maps; every other instrument is a no-op. The OpenTelemetry metrics SDK (about 130 classes, its aggregation and
 * exemplar machinery) is not needed for that.
 */
public final class SdkHealthMeterProvider implements MeterProvider {

	private static final Meter NOOP = MeterProvider.noop().get("noop");

	private final Map<String, Map<Attributes, LongAdder>> counters = new ConcurrentHashMap<>();

	private final Map<String, List<Consumer<ObservableLongMeasurement>>> gauges = new ConcurrentHashMap<>();

	private final Meter meter = new RecordingMeter();

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return SdkHealthMeterProvider.this.meter;
			}

		};
	}

	/**
	 * Returns the sum of the points of long counter or long gauge {@code name} whose attributes match.
	 * @param name the SDK's metric name
	 * @param attributes which points to count
	 * @return the sum, 0 when the SDK has not recorded the metric yet
	 */
	long sum(String name, Predicate<Attributes> attributes) {
		long sum = 0;
		Map<Attributes, LongAdder> points = this.counters.get(name);
		if (points != null) {
			for (Map.Entry<Attributes, LongAdder> point : points.entrySet()) {
				if (attributes.test(point.getKey())) {
					sum += point.getValue().sum();
				}
			}
		}
		List<Consumer<ObservableLongMeasurement>> callbacks = this.gauges.get(name);
		if (callbacks != null) {
			GaugeSum gauge = new GaugeSum(attributes);
			callbacks.forEach((callback) -> callback.accept(gauge));
			sum += gauge.sum;
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

	private final class RecordingMeter implements Meter {

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			return new RecordingCounterBuilder(name);
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return NOOP.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return NOOP.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return new RecordingGaugeBuilder(name);
		}

	}

	private final class RecordingCounterBuilder implements LongCounterBuilder {

		private final String name;

		RecordingCounterBuilder(String name) {
			this.name = name;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return NOOP.counterBuilder(this.name).ofDoubles();
		}

		@Override
		public LongCounter build() {
			Map<Attributes, LongAdder> points = SdkHealthMeterProvider.this.counters.computeIfAbsent(this.name,
					(key) -> new ConcurrentHashMap<>());
			return new LongCounter() {

				@Override
				public void add(long value) {
					add(value, Attributes.empty());
				}

				@Override
				public void add(long value, Attributes attributes) {
					// Counters only go up; the SDK's own counters never pass a negative value.
					if (value >= 0) {
						points.computeIfAbsent(attributes, (key) -> new LongAdder()).add(value);
					}
				}

				@Override
				public void add(long value, Attributes attributes, Context context) {
					add(value, attributes);
				}

			};
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return NOOP.counterBuilder(this.name).buildWithCallback(callback);
		}

	}

	private final class RecordingGaugeBuilder implements DoubleGaugeBuilder {

		private final String name;

		RecordingGaugeBuilder(String name) {
			this.name = name;
		}

		@Override
		public DoubleGaugeBuilder setDescription(String description) {
			return this;
		}

		@Override
		public DoubleGaugeBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public LongGaugeBuilder ofLongs() {
			String name = this.name;
			return new LongGaugeBuilder() {

				@Override
				public LongGaugeBuilder setDescription(String description) {
					return this;
				}

				@Override
				public LongGaugeBuilder setUnit(String unit) {
					return this;
				}

				@Override
				public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
					List<Consumer<ObservableLongMeasurement>> callbacks = SdkHealthMeterProvider.this.gauges
						.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>());
					callbacks.add(callback);
					return new ObservableLongGauge() {

						@Override
						public void close() {
							callbacks.remove(callback);
						}

					};
				}

			};
		}

		@Override
		public ObservableDoubleGauge buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
			return NOOP.gaugeBuilder(this.name).buildWithCallback(callback);
		}

	}

	private static final class GaugeSum implements ObservableLongMeasurement {

		private final Predicate<Attributes> attributes;

		private long sum;

		GaugeSum(Predicate<Attributes> attributes) {
			this.attributes = attributes;
		}

		@Override
		public void record(long value) {
			record(value, Attributes.empty());
		}

		@Override
		public void record(long value, Attributes attributes) {
			if (this.attributes.test(attributes)) {
				this.sum += value;
			}
		}

	}

}
