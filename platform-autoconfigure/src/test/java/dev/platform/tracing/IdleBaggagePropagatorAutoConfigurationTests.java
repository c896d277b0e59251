package dev.platform.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class IdleBaggagePropagatorAutoConfigurationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	/** Incoming headers of every kind the propagators read, alone and together, and none that they read. */
	private static final List<Map<String, String>> CARRIERS = List.of(Map.of(),
			Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"),
			Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-00", "tracestate", "vendor=value"),
			Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "baggage", "tenant=acme,region=eu"),
			Map.of("baggage", "tenant=acme"), Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"),
			Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1"),
			Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1", "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"),
			Map.of("traceparent", "garbage", "b3", "also-garbage", "tenant", "acme"));

	/** The propagation settings compared, each against Boot's own propagator for the same settings. */
	private static final List<List<String>> SETTINGS = List.of(List.of(),
			List.of("management.tracing.propagation.type=B3"),
			List.of("management.tracing.propagation.type=W3C,B3_MULTI"),
			List.of("management.tracing.propagation.produce=B3_MULTI,W3C",
					"management.tracing.propagation.consume=B3,W3C"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.application.name=propagation-test")
		.withConfiguration(AutoConfigurations.of(IdleBaggagePropagatorAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class));

	@Test
	void replacesBootsPropagatorWhileNoRemoteFieldsAreSet() {
		this.runner.run((context) -> assertThat(context.getBean(TextMapPropagator.class))
			.isInstanceOf(TraceContextTextMapPropagator.class));
	}

	@Test
	void injectsExtractsAndListsFieldsExactlyAsBootsPropagator() {
		for (List<String> settings : SETTINGS) {
			Behaviour ours = behaviour(settings, true);
			Behaviour boots = behaviour(settings, false);
			assertThat(ours.propagatorClass()).as("%s", settings).isEqualTo(TraceContextTextMapPropagator.class.getName());
			assertThat(boots.propagatorClass()).as("%s", settings)
				.isEqualTo(IdleBaggagePropagatorAutoConfiguration.BOOT_PROPAGATOR_CLASS);
			assertThat(ours.fields()).as("%s", settings).containsExactlyElementsOf(boots.fields());
			assertThat(ours.injected()).as("%s", settings).isEqualTo(boots.injected()).isNotEmpty();
			assertThat(ours.extracted()).as("%s", settings).isEqualTo(boots.extracted());
		}
	}

	@Test
	void extractsWhatItShould() {
		this.runner.run((context) -> {
			TextMapPropagator propagator = context.getBean(ContextPropagators.class).getTextMapPropagator();
			Context extracted = propagator.extract(Context.root(), CARRIERS.get(3), OtelEnvironmentVariablesTests.MapGetter.INSTANCE);
			assertThat(Span.fromContext(extracted).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
			assertThat(Baggage.fromContext(extracted).getEntryValue("tenant")).isEqualTo("acme");
			// B3 is consumed by default (Boot's default), after W3C.
			Context b3 = propagator.extract(Context.root(), CARRIERS.get(5), OtelEnvironmentVariablesTests.MapGetter.INSTANCE);
			assertThat(Span.fromContext(b3).getSpanContext().getSpanId()).isEqualTo(SPAN_ID);
			assertThat(propagator.extract(Context.root(), CARRIERS.get(8), OtelEnvironmentVariablesTests.MapGetter.INSTANCE))
				.isSameAs(Context.root());
		});
	}

	@Test
	void remoteFieldsKeepBootsPropagator() {
		this.runner.withPropertyValues("management.tracing.baggage.remote-fields=tenant").run((context) -> {
			TextMapPropagator propagator = context.getBean(TextMapPropagator.class);
			assertThat(propagator.getClass().getName())
				.isEqualTo(IdleBaggagePropagatorAutoConfiguration.BOOT_PROPAGATOR_CLASS);
			assertThat(propagator.fields()).contains("tenant");
		});
	}

	@Test
	void baggageOffKeepsBootsPropagatorWithoutBaggage() {
		this.runner.withPropertyValues("management.tracing.baggage.enabled=false")
			.run((context) -> assertThat(context.getBean(TextMapPropagator.class).getClass().getName())
				.isEqualTo(IdleBaggagePropagatorAutoConfiguration.BOOT_PROPAGATOR_CLASS));
	}

	@Test
	void canLeaveThePropagatorToBoot() {
		this.runner.withPropertyValues("platform.tracing.skip-idle-baggage-propagator=false")
			.run((context) -> assertThat(context.getBean(TextMapPropagator.class).getClass().getName())
				.isEqualTo(IdleBaggagePropagatorAutoConfiguration.BOOT_PROPAGATOR_CLASS));
	}

	private Behaviour behaviour(List<String> settings, boolean skipIdleBaggagePropagator) {
		Behaviour[] result = new Behaviour[1];
		this.runner.withPropertyValues(settings.toArray(String[]::new))
			.withPropertyValues("platform.tracing.skip-idle-baggage-propagator=" + skipIdleBaggagePropagator)
			.run((context) -> result[0] = behaviour(context));
		return result[0];
	}

	private static Behaviour behaviour(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		TextMapPropagator propagator = context.getBean(ContextPropagators.class).getTextMapPropagator();
		SpanContext parent = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
		Context outgoing = Context.root()
			.with(Span.wrap(parent))
			.with(Baggage.builder().put("tenant", "acme").build());
		Map<String, String> injected = new LinkedHashMap<>();
		propagator.inject(outgoing, injected, Map::put);
		Map<Map<String, String>, String> extracted = new LinkedHashMap<>();
		for (Map<String, String> carrier : CARRIERS) {
			Context context1 = propagator.extract(Context.root(), carrier, OtelEnvironmentVariablesTests.MapGetter.INSTANCE);
			extracted.put(carrier, Span.fromContext(context1).getSpanContext() + " "
					+ Baggage.fromContext(context1).asMap());
		}
		return new Behaviour(context.getBean(TextMapPropagator.class).getClass().getName(),
				List.copyOf(propagator.fields()), injected, extracted);
	}

	record Behaviour(String propagatorClass, List<String> fields, Map<String, String> injected,
			Map<Map<String, String>, String> extracted) {
	}

}
