package dev.platform.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
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
		this.runner.withClassLoader(new FilteredClassLoader(SdkMeterProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SdkHealthMetrics.class));
	}

}
