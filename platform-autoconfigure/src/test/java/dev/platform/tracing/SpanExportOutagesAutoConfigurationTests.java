package dev.platform.tracing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import dev.platform.tracing.OutageAwareSpanExporterTests.ScriptedExporter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SpanExportOutagesAutoConfigurationTests {

	private final ScriptedExporter exporter = new ScriptedExporter();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=outages-test", "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=1h")
		.withConfiguration(AutoConfigurations.of(SpanExportOutagesAutoConfiguration.class,
				DirectSpanExportAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class))
		.withBean(SpanExporter.class, () -> this.exporter);

	@Test
	void watchesEverySpanExporter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SpanExportOutages.class);
			assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOfSatisfying(OutageAwareSpanExporter.class,
						(watched) -> assertThat(watched.delegate()).isSameAs(this.exporter));
		});
	}

	@Test
	void watchesTheExportersOfBootsOwnProcessorToo() {
		this.runner.withPropertyValues("platform.tracing.direct-export=false")
			.run((context) -> assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOf(OutageAwareSpanExporter.class));
	}

	@Test
	void shutdownDoesNotWaitForAnExportThatHangs() {
		AtomicBoolean interrupted = new AtomicBoolean();
		this.exporter.next = () -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(60));
				return CompletableResultCode.ofSuccess();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				interrupted.set(true);
				return CompletableResultCode.ofFailure();
			}
		};
		this.runner.withPropertyValues("platform.tracing.export-outages.shutdown-timeout=200ms")
			.run((context) -> context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("checkout")
				.startSpan()
				.end());
		// Without the timeout the processor's final flush would have waited 10 s and left the export sleeping.
		assertThat(interrupted).isTrue();
		assertThat(this.exporter.exported).hasValue(1);
		assertThat(this.exporter.shutdown).isTrue();
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("platform.tracing.export-outages.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanExportOutages.class);
			assertThat(context.getBean(SpanExporters.class).list()).containsExactly(this.exporter);
		});
	}

	@Test
	void backsOffForTheApplicationsOwnSpanExporters() {
		SpanExporters own = SpanExporters.of(this.exporter);
		this.runner.withBean("ownSpanExporters", SpanExporters.class, () -> own)
			.run((context) -> assertThat(context.getBean(SpanExporters.class)).isSameAs(own));
	}

	@Test
	void rejectsAShutdownTimeoutThatIsNotPositive() {
		for (String timeout : new String[] { "0s", "-1s" }) {
			this.runner.withPropertyValues("platform.tracing.export-outages.shutdown-timeout=" + timeout)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("platform.tracing.export-outages.shutdown-timeout")
					.hasMessageContaining("longer than zero"));
		}
	}

}
