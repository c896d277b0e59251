package dev.platform.tracing;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SdkHealthMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SdkHealthMetricsAutoConfiguration.class));

	@Test
	void publishesWhatTheSdkRecordsThroughMicrometer() {
		this.runner.run((context) -> {
			SdkHealthMeterProvider provider = context.getBean(SdkHealthMeterProvider.class);
			LongCounter processed = provider.get("io.opentelemetry.sdk.trace").counterBuilder("processedSpans").build();
			processed.add(5, Attributes.builder().put("spanProcessorType", "BatchSpanProcessor").put("dropped", true).build());
			processed.add(7, Attributes.builder().put("spanProcessorType", "BatchSpanProcessor").put("dropped", false).build());
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SdkHealthMetrics.class).bindTo(registry);
			assertThat(registry.get("platform.otel.spans.dropped").functionCounter().count()).isEqualTo(5);
			assertThat(registry.get("platform.otel.spans.processed").functionCounter().count()).isEqualTo(7);
			assertThat(registry.get("platform.otel.spans.exported").tag("outcome", "failure").functionCounter().count())
				.isZero();
		});
	}

	@Test
	void readsGaugeCallbacksAndExportOutcomesAndForgetsClosedGauges() {
		this.runner.run((context) -> {
			SdkHealthMeterProvider provider = context.getBean(SdkHealthMeterProvider.class);
			Meter meter = provider.meterBuilder("io.opentelemetry.sdk.trace").setInstrumentationVersion("1").build();
			AtomicLong queued = new AtomicLong(3);
			Attributes batch = Attributes.builder().put("spanProcessorType", "BatchSpanProcessor").build();
			ObservableLongGauge gauge = meter.gaugeBuilder("queueSize")
				.ofLongs()
				.setDescription("queue")
				.buildWithCallback((measurement) -> measurement.record(queued.get(), batch));
			LongCounter exported = meter.counterBuilder("otlp.exporter.exported").setUnit("1").build();
			exported.add(4, Attributes.builder().put("type", "span").put("success", true).build());
			exported.add(2, Attributes.builder().put("type", "span").put("success", false).build());
			exported.add(9, Attributes.builder().put("type", "log").put("success", false).build());
			exported.add(-1, Attributes.builder().put("type", "span").put("success", false).build());
			// Instruments the SDK's internal telemetry does not use are accepted and ignored.
			meter.histogramBuilder("otlp.exporter.duration").build().record(1.5);
			meter.upDownCounterBuilder("inflight").build().add(1);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(SdkHealthMetrics.class).bindTo(registry);
			assertThat(registry.get("platform.otel.spans.queued").gauge().value()).isEqualTo(3);
			queued.set(11);
			assertThat(registry.get("platform.otel.spans.queued").gauge().value()).isEqualTo(11);
			assertThat(registry.get("platform.otel.spans.exported").tag("outcome", "success").functionCounter().count())
				.isEqualTo(4);
			assertThat(registry.get("platform.otel.spans.exported").tag("outcome", "failure").functionCounter().count())
				.isEqualTo(2);
			gauge.close();
			assertThat(registry.get("platform.otel.spans.queued").gauge().value()).isZero();
		});
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("platform.tracing.sdk-metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SdkHealthMeterProvider.class)
				.doesNotHaveBean(SdkHealthMetrics.class));
	}

	@Test
	void backsOffWhenUserDefinesAMeterProvider() {
		this.runner.withBean(MeterProvider.class, () -> SdkMeterProvider.builder().build())
			.run((context) -> assertThat(context).doesNotHaveBean(SdkHealthMeterProvider.class)
				.doesNotHaveBean(SdkHealthMetrics.class));
	}

	@Test
	void doesNothingWithoutTheOpenTelemetrySdk() {
		this.runner.withClassLoader(new FilteredClassLoader(SdkTracerProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SdkHealthMetrics.class));
	}

}
