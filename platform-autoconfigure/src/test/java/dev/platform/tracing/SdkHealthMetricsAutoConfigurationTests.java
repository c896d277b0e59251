package dev.platform.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
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
			processed.add(5, Attributes.builder().put("processorType", "BatchSpanProcessor").put("dropped", true).build());
			processed.add(7, Attributes.builder().put("processorType", "BatchSpanProcessor").put("dropped", false).build());
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
			Attributes batch = Attributes.builder().put("processorType", "BatchSpanProcessor").build();
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
	void countsWhatARealBatchSpanProcessorRecords() throws Exception {
		SdkHealthMeterProvider provider = new SdkHealthMeterProvider();
		CountDownLatch exporting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SpanExporter blocking = new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				exporting.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		};
		BatchSpanProcessor processor = BatchSpanProcessor.builder(blocking)
			.setMeterProvider(provider)
			.setMaxQueueSize(8)
			.setMaxExportBatchSize(8)
			.setScheduleDelay(Duration.ofMillis(10))
			.build();
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
			Tracer tracer = tracerProvider.get("test");
			tracer.spanBuilder("first").startSpan().end();
			assertThat(exporting.await(10, TimeUnit.SECONDS)).isTrue();
			// The worker is stuck in the export: 8 spans fill the queue, 4 more are dropped.
			for (int i = 0; i < 12; i++) {
				tracer.spanBuilder("span-" + i).startSpan().end();
			}
			MeterRegistry registry = new SimpleMeterRegistry();
			new SdkHealthMetrics(provider).bindTo(registry);
			assertThat(registry.get("platform.otel.spans.queued").gauge().value()).isEqualTo(8);
			assertThat(registry.get("platform.otel.spans.dropped").functionCounter().count()).isEqualTo(4);
			release.countDown();
			assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			assertThat(registry.get("platform.otel.spans.queued").gauge().value()).isZero();
			assertThat(registry.get("platform.otel.spans.processed").functionCounter().count()).isEqualTo(9);
			assertThat(registry.get("platform.otel.spans.dropped").functionCounter().count()).isEqualTo(4);
		}
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
