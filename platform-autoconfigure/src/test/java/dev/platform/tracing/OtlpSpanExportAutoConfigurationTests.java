package dev.platform.tracing;

import java.util.ArrayList;
import java.util.List;

import dev.platform.test.OtlpReceiver;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpGrpcSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpSpanExportAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OtlpSpanExportAutoConfiguration.class));

	@Test
	void customizesBothTransportsByDefault() {
		this.runner.run((context) -> {
			assertThat(context.getBeansOfType(OtlpHttpSpanExporterBuilderCustomizer.class))
				.containsOnlyKeys("platformOtlpSendOnProcessorThread", "platformOtlpReuseMemory");
			assertThat(context.getBeansOfType(OtlpGrpcSpanExporterBuilderCustomizer.class))
				.containsOnlyKeys("platformOtlpGrpcSendOnProcessorThread", "platformOtlpGrpcReuseMemory");
		});
	}

	@Test
	void eachTuningCanBeSwitchedOff() {
		this.runner.withPropertyValues("platform.tracing.otlp.send-on-processor-thread=false")
			.run((context) -> assertThat(context.getBeansOfType(OtlpHttpSpanExporterBuilderCustomizer.class))
				.containsOnlyKeys("platformOtlpReuseMemory"));
		this.runner.withPropertyValues("platform.tracing.otlp.reuse-memory=false")
			.run((context) -> assertThat(context.getBeansOfType(OtlpGrpcSpanExporterBuilderCustomizer.class))
				.containsOnlyKeys("platformOtlpGrpcSendOnProcessorThread"));
	}

	@Test
	void sendsOnTheProcessorThreadOnlyWithTheOkHttpSender() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.exporter.sender.okhttp"))
			.run((context) -> assertThat(context.getBeansOfType(OtlpHttpSpanExporterBuilderCustomizer.class))
				.containsOnlyKeys("platformOtlpReuseMemory"));
	}

	@Test
	void theExporterReusesMemory() {
		this.runner.run((context) -> {
			OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder();
			context.getBeanProvider(OtlpHttpSpanExporterBuilderCustomizer.class)
				.forEach((customizer) -> customizer.customize(builder));
			OtlpHttpSpanExporter exporter = builder.build();
			try {
				assertThat(exporter.toString()).contains("memoryMode=REUSABLE_DATA");
			}
			finally {
				exporter.shutdown();
			}
		});
	}

	@Test
	void aUserBeanOfTheSameNameReplacesIt() {
		OtlpHttpSpanExporterBuilderCustomizer own = (builder) -> {
		};
		this.runner.withBean("platformOtlpSendOnProcessorThread", OtlpHttpSpanExporterBuilderCustomizer.class, () -> own)
			.run((context) -> assertThat(context.getBean("platformOtlpSendOnProcessorThread")).isSameAs(own));
	}

	@Test
	void theExportIsSentOnTheCallingThread() throws Exception {
		List<SpanData> spans = endedSpans();
		try (OtlpReceiver receiver = new OtlpReceiver()) {
			this.runner.run((context) -> {
				OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl());
				context.getBeanProvider(OtlpHttpSpanExporterBuilderCustomizer.class)
					.forEach((customizer) -> customizer.customize(builder));
				OtlpHttpSpanExporter exporter = builder.build();
				try {
					CompletableResultCode result = exporter.export(spans);
					// Sent, answered and completed before export returned: no dispatcher thread was involved.
					assertThat(result.isDone()).isTrue();
					assertThat(result.isSuccess()).isTrue();
					assertThat(receiver.spans()).extracting(OtlpReceiver.ReceivedSpan::name).containsExactly("checkout");
				}
				finally {
					exporter.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
				}
			});
		}
	}

	private static List<SpanData> endedSpans() {
		List<SpanData> ended = new ArrayList<>();
		SpanProcessor collector = new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, ReadWriteSpan span) {
			}

			@Override
			public boolean isStartRequired() {
				return false;
			}

			@Override
			public void onEnd(ReadableSpan span) {
				ended.add(span.toSpanData());
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

		};
		try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(collector).build()) {
			provider.get("test").spanBuilder("checkout").startSpan().end();
		}
		return ended;
	}

}
