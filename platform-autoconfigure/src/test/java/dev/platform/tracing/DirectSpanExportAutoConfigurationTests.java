package dev.platform.tracing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DirectSpanExportAutoConfigurationTests {

	private final CapturingExporter exporter = new CapturingExporter();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=direct-export-test", "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=1h")
		.withConfiguration(AutoConfigurations.of(DirectSpanExportAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withBean(SpanExporter.class, () -> this.exporter);

	@Test
	void exportsTheSdksOwnSpansWhenNothingFiltersThem() {
		this.runner.run((context) -> {
			SpanData exported = endOneSpan(context, "checkout");
			assertThat(exported.getName()).isEqualTo("checkout");
			// No copy on the way: the exporter gets the SDK's span data, whose resource is the service's.
			assertThat(exported.getClass().getName()).startsWith("io.opentelemetry.sdk.");
			assertThat(exported.getResource()).isSameAs(context.getBean(io.opentelemetry.sdk.resources.Resource.class));
		});
	}

	@Test
	void spanFiltersStillSeeEverySpan() {
		this.runner.withBean(SpanFilter.class, () -> (span) -> span.setName(span.getName() + "-filtered"))
			.run((context) -> assertThat(endOneSpan(context, "checkout").getName()).isEqualTo("checkout-filtered"));
	}

	@Test
	void keepsTheExportSettings() {
		this.runner.withPropertyValues("management.opentelemetry.tracing.export.max-batch-size=7")
			.run((context) -> assertThat(context.getBean(BatchSpanProcessor.class).toString())
				.contains("maxExportBatchSize=7"));
	}

	@Test
	void canLeaveTheProcessorToBoot() {
		this.runner.withPropertyValues("platform.tracing.direct-export=false").run((context) -> {
			assertThat(context).hasSingleBean(BatchSpanProcessor.class);
			assertThat(endOneSpan(context, "checkout").getClass().getName()).contains("micrometer");
		});
	}

	private SpanData endOneSpan(AssertableApplicationContext context, String name) {
		context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder(name).startSpan().end();
		context.getBean(BatchSpanProcessor.class).forceFlush().join(10, TimeUnit.SECONDS);
		assertThat(this.exporter.spans).hasSize(1);
		return this.exporter.spans.get(0);
	}

	static final class CapturingExporter implements SpanExporter {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
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

	}

}
