package dev.platform.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationRegistry.ObservationConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ExemplarSpanHandOffAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=exemplar-test", "management.tracing.sampling.probability=1.0",
				"management.metrics.distribution.percentiles-histogram.all=true")
		.withConfiguration(AutoConfigurations.of(ExemplarSpanHandOffAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				PrometheusExemplarsAutoConfiguration.class));

	@Test
	void replacesBootsHandlerGroupAndServesTheExemplarsSpanContext() {
		this.runner.run((context) -> {
			assertThat(context.getBean("tracingObservationHandlerGroup"))
				.isInstanceOf(SpanHandOffObservationHandlerGroup.class);
			assertThat(context.getBean(SpanContext.class)).isInstanceOf(ExemplarSpan.class);
		});
	}

	@Test
	void exemplarOfAnObservationsTimerIsTheObservationsSpan() {
		this.runner.run((context) -> {
			Observation observation = Observation.start("checkout", context.getBean(ObservationRegistry.class));
			Span span = spanOf(observation);
			observation.stop();
			assertThat(context.getBean(Tracer.class).currentSpan()).isNull();
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape("application/openmetrics-text");
			assertThat(scrape).containsPattern("checkout_seconds_bucket\\{[^}]*} 1 # \\{span_id=\""
					+ span.context().spanId() + "\",trace_id=\"" + span.context().traceId() + "\"}");
		});
	}

	@Test
	void stoppingTheMetersHandsTheSpanOverWithoutPuttingItInScope() {
		this.runner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			SpanContext exemplars = context.getBean(SpanContext.class);
			List<@Nullable String> seen = new ArrayList<>();
			AtomicReference<@Nullable Span> currentWhileStopping = new AtomicReference<>();
			MeterObservationHandler<Observation.Context> probe = new MeterObservationHandler<>() {

				@Override
				public void onStop(Observation.Context observed) {
					seen.add(exemplars.getCurrentTraceId());
					seen.add(exemplars.getCurrentSpanId());
					currentWhileStopping.set(tracer.currentSpan());
				}

			};
			Span span = tracer.nextSpan().name("order").start();
			Observation.Context observed = new Observation.Context();
			TracingObservationHandler.TracingContext tracing = new TracingObservationHandler.TracingContext();
			tracing.setSpan(span);
			observed.put(TracingObservationHandler.TracingContext.class, tracing);
			Span outer = tracer.nextSpan().name("outer").start();
			try (ExemplarSpan.HandOff handOff = ExemplarSpan.handOff(outer)) {
				new SpanHandOffMeterObservationHandler<>(probe).onStop(observed);
				// The span handed off before is the exemplars' span again.
				assertThat(exemplars.getCurrentSpanId()).isEqualTo(outer.context().spanId());
			}
			assertThat(seen).containsExactly(span.context().traceId(), span.context().spanId());
			assertThat(currentWhileStopping.get()).isNull();
			assertThat(exemplars.getCurrentTraceId()).isNull();
			assertThat(exemplars.isCurrentSpanSampled()).isFalse();
			// Outside a hand-off, the tracer's current span, as Boot's span context does.
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				assertThat(exemplars.getCurrentSpanId()).isEqualTo(span.context().spanId());
				assertThat(exemplars.isCurrentSpanSampled()).isTrue();
			}
		});
	}

	@Test
	void onlyMicrometersDefaultMeterHandlerIsHandedTheSpanOthersGetItInScopeAsWithBoot() {
		this.runner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			MeterRegistry meters = new SimpleMeterRegistry();
			MeterObservationHandler<Observation.Context> custom = new MeterObservationHandler<>() {
			};
			DefaultTracingObservationHandler tracing = new DefaultTracingObservationHandler(tracer);
			List<ObservationHandler<?>> registered = new ArrayList<>();
			ObservationConfig config = new ObservationConfig() {

				@Override
				public ObservationConfig observationHandler(ObservationHandler<?> handler) {
					registered.add(handler);
					return this;
				}

			};
			new SpanHandOffObservationHandlerGroup(tracer).registerMembers(config,
					List.of(new DefaultMeterObservationHandler(meters), custom, tracing));
			assertThat(registered).hasSize(2);
			assertThat(registered.get(0)).isSameAs(tracing);
			assertThat(((FirstMatchingCompositeObservationHandler) registered.get(1)).getHandlers())
				.hasExactlyElementsOfTypes(SpanHandOffMeterObservationHandler.class,
						TracingAwareMeterObservationHandler.class);
		});
	}

	@Test
	void anApplicationsSpanContextLeavesTheScopeToBoot() {
		SpanContext own = new SpanContext() {

			@Override
			public @Nullable String getCurrentTraceId() {
				return null;
			}

			@Override
			public @Nullable String getCurrentSpanId() {
				return null;
			}

			@Override
			public boolean isCurrentSpanSampled() {
				return false;
			}

			@Override
			public void markCurrentSpanAsExemplar() {
			}

		};
		this.runner.withBean(SpanContext.class, () -> own).run((context) -> {
			assertThat(context.getBean(SpanContext.class)).isSameAs(own);
			assertThat(context.getBean("tracingObservationHandlerGroup"))
				.isNotInstanceOf(SpanHandOffObservationHandlerGroup.class);
		});
	}

	@Test
	void canLeaveBothToBoot() {
		this.runner.withPropertyValues("platform.tracing.exemplar-hand-off=false").run((context) -> {
			assertThat(context.getBean(SpanContext.class)).isNotInstanceOf(ExemplarSpan.class);
			assertThat(context.getBean("tracingObservationHandlerGroup"))
				.isNotInstanceOf(SpanHandOffObservationHandlerGroup.class);
			assertExemplarIsTheObservationsSpan(context);
		});
	}

	private static Span spanOf(Observation observation) {
		TracingObservationHandler.TracingContext tracing = observation.getContextView()
			.getRequired(TracingObservationHandler.TracingContext.class);
		return tracing.getSpan();
	}

	private static void assertExemplarIsTheObservationsSpan(AssertableApplicationContext context) {
		Observation observation = Observation.start("checkout", context.getBean(ObservationRegistry.class));
		Span span = spanOf(observation);
		observation.stop();
		assertThat(context.getBean(PrometheusMeterRegistry.class).scrape("application/openmetrics-text"))
			.contains("trace_id=\"" + span.context().traceId() + "\"");
	}

}
