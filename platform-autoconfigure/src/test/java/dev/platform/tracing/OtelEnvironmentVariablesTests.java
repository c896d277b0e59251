package dev.platform.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OtelEnvironmentVariablesTests {

	static Map<String, Object> map(Map<String, String> env) {
		return new OtelEnvironmentVariables(env::get).toProperties();
	}

	static String[] properties(Map<String, Object> mapped) {
		return mapped.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	enum MapGetter implements TextMapGetter<Map<String, String>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	}

	@Test
	void noVariablesMeansNoProperties() {
		assertThat(map(Map.of())).isEmpty();
	}

	@Test
	void generalEndpointGetsEachSignalsPathForHttp() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces")
			.containsEntry("management.opentelemetry.logging.export.otlp.endpoint", "http://collector:4318/v1/logs")
			.containsEntry("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics");
	}

	@Test
	void grpcUsesTheEndpointAsItIs() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL",
				"grpc")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4317")
			.containsEntry("management.opentelemetry.tracing.export.otlp.transport", "grpc");
	}

	@Test
	void perSignalVariablesBeatTheGeneralOnes() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
				"http://traces:4318/custom", "OTEL_EXPORTER_OTLP_HEADERS", "a=1", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
				"api-key=s%20ecret,b=2")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://traces:4318/custom")
			.containsEntry("management.opentelemetry.tracing.export.otlp.headers.api-key", "s ecret")
			.containsEntry("management.opentelemetry.tracing.export.otlp.headers.b", "2")
			.doesNotContainKey("management.opentelemetry.tracing.export.otlp.headers.a")
			.containsEntry("management.opentelemetry.logging.export.otlp.endpoint", "http://general:4318/v1/logs")
			.containsEntry("management.opentelemetry.logging.export.otlp.headers.a", "1");
	}

	@Test
	void serviceNameAndResourceAttributesMapToSpringApplicationNameAndResourceProperties() {
		assertThat(map(Map.of("OTEL_SERVICE_NAME", "orders", "OTEL_RESOURCE_ATTRIBUTES",
				"service.namespace=shop,deployment.environment.name=prod,team=a%2Cb")))
			.containsEntry("spring.application.name", "orders")
			.containsEntry("management.opentelemetry.resource-attributes.service.namespace", "shop")
			.containsEntry("management.opentelemetry.resource-attributes.deployment.environment.name", "prod")
			.containsEntry("management.opentelemetry.resource-attributes.team", "a,b");
	}

	@Test
	void serviceNameFromResourceAttributesWhenNoServiceNameVariable() {
		assertThat(map(Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=payments")))
			.containsEntry("spring.application.name", "payments");
	}

	@Test
	void samplerArgumentSetsTheProbabilityOfARatioSampler() {
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.5")))
			.containsEntry("management.tracing.sampling.probability", "0.5");
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "TraceIdRatio", "OTEL_TRACES_SAMPLER_ARG", " 0 ")))
			.containsEntry("management.tracing.sampling.probability", "0");
		// The specification's default ratio.
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")))
			.containsEntry("management.tracing.sampling.probability", "1.0");
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "always_off")))
			.containsEntry("management.tracing.sampling.probability", "0.0");
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "parentbased_always_on", "OTEL_TRACES_SAMPLER_ARG", "0.1")))
			.containsEntry("management.tracing.sampling.probability", "1.0");
	}

	@Test
	void samplerArgumentWithoutASamplerIsIgnoredWithAWarning() {
		OtelEnvironmentVariables variables = new OtelEnvironmentVariables(
				Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25")::get);
		// The default sampler (parentbased_always_on) takes no argument, as in the OpenTelemetry SDK.
		assertThat(variables.toProperties()).doesNotContainKey("management.tracing.sampling.probability");
		assertThat(variables.warnings()).singleElement()
			.asString()
			.startsWith("OTEL_TRACES_SAMPLER_ARG=0.25 is ignored");
	}

	@Test
	void badSamplersAndRatiosNameTheVariable() {
		for (String ratio : new String[] { "1.5", "-0.1", "half", "NaN", "0,5" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> map(Map.of("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", ratio)))
				.withMessage("OTEL_TRACES_SAMPLER_ARG=" + ratio
						+ " is not a sampling ratio; use a number from 0.0 to 1.0");
		}
		for (String sampler : new String[] { "jaeger_remote", "parentbased_jaeger_remote", "xray", "alwayson" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> map(Map.of("OTEL_TRACES_SAMPLER", sampler)))
				.withMessageStartingWith("OTEL_TRACES_SAMPLER=" + sampler + " is not supported");
		}
	}

	@Test
	void exportersSetToNoneSwitchExportOff() {
		assertThat(map(Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none", "OTEL_METRICS_EXPORTER",
				"none")))
			.containsEntry("management.tracing.export.otlp.enabled", "false")
			.containsEntry("management.logging.export.otlp.enabled", "false")
			.containsEntry("management.otlp.metrics.export.enabled", "false");
	}

	@Test
	void otlpExportersSwitchExportOn() {
		assertThat(map(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_LOGS_EXPORTER", "otlp,console",
				"OTEL_METRICS_EXPORTER", "prometheus,otlp")))
			.doesNotContainKey("management.tracing.export.otlp.enabled")
			.containsEntry("platform.logging.otlp.enabled", "true")
			.containsEntry("management.otlp.metrics.export.enabled", "true");
		assertThat(map(Map.of("OTEL_LOGS_EXPORTER", "console", "OTEL_METRICS_EXPORTER", "prometheus")))
			.doesNotContainKey("platform.logging.otlp.enabled")
			.containsEntry("management.otlp.metrics.export.enabled", "false");
	}

	@Test
	void exportersTheStarterCannotServeFailStartupNamingTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
			.withMessage("OTEL_TRACES_EXPORTER=zipkin names 'zipkin', which the starter does not export to; "
					+ "use none, otlp");
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_TRACES_EXPORTER", "otlp,console")))
			.withMessageStartingWith("OTEL_TRACES_EXPORTER=otlp,console names 'console'");
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_METRICS_EXPORTER", "logging")))
			.withMessageStartingWith("OTEL_METRICS_EXPORTER=logging names 'logging'");
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_LOGS_EXPORTER", "none,otlp")))
			.withMessage("OTEL_LOGS_EXPORTER=none,otlp combines 'none' with an exporter");
	}

	@Test
	void propagatorsMapToBootPropagationTypes() {
		assertThat(map(Map.of("OTEL_PROPAGATORS", "tracecontext,baggage,b3multi")))
			.containsEntry("management.tracing.propagation.type", "W3C,B3_MULTI")
			.containsEntry("management.tracing.baggage.enabled", "true");
		assertThat(map(Map.of("OTEL_PROPAGATORS", "B3")))
			.containsEntry("management.tracing.propagation.type", "B3")
			.containsEntry("management.tracing.baggage.enabled", "false");
	}

	@Test
	void propagatorsNoneStopsPropagation() {
		Map<String, Object> mapped = map(Map.of("OTEL_PROPAGATORS", "none"));
		assertThat(mapped).containsEntry("management.tracing.propagation.type", "")
			.containsEntry("management.tracing.baggage.enabled", "false");
		// Boot binds the empty list and builds a propagator that neither injects nor extracts.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class))
			.withPropertyValues(properties(mapped))
			.run((context) -> {
				TextMapPropagator propagator = context.getBean(TextMapPropagator.class);
				assertThat(propagator.fields()).isEmpty();
				Map<String, String> carrier = new HashMap<>();
				carrier.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
				Context extracted = propagator.extract(Context.root(), carrier, MapGetter.INSTANCE);
				assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
			});
	}

	@Test
	void unknownPropagatorsFailStartupNamingTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_PROPAGATORS", "tracecontext,xray")))
			.withMessage("OTEL_PROPAGATORS=tracecontext,xray names 'xray', which the starter does not support; "
					+ "use tracecontext, baggage, b3, b3multi or none");
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_PROPAGATORS", "none,baggage")))
			.withMessage("OTEL_PROPAGATORS=none,baggage combines 'none' with a propagator");
	}

	@Test
	void badProtocolTimeoutAndCompressionNameTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grcp")))
			.withMessage("OTEL_EXPORTER_OTLP_PROTOCOL=grcp is not an OTLP protocol; use http/protobuf or grpc");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL",
					"http")))
			.withMessageStartingWith("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=http ");
		assertThatIllegalArgumentException().isThrownBy(() -> map(Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")))
			.withMessage("OTEL_EXPORTER_OTLP_TIMEOUT=10s is not a timeout; use whole milliseconds, for example 10000");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map(Map.of("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "zstd")))
			.withMessage("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION=zstd is not an OTLP compression; use gzip or none");
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.transport", "http");
	}

	@Test
	void timeoutAndCompressionApplyPerSignal() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "2500", "OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.timeout", "2500ms")
			.containsEntry("management.opentelemetry.tracing.export.otlp.compression", "gzip")
			.containsEntry("management.otlp.metrics.export.read-timeout", "2500ms");
	}

	@Test
	void sdkDisabledStopsEverySignalsExport() {
		Map<String, Object> mapped = map(Map.of("OTEL_SDK_DISABLED", "true"));
		assertThat(mapped).containsEntry("management.logging.export.otlp.enabled", "false")
			.containsEntry("management.otlp.metrics.export.enabled", "false");
		// Boot itself decides whether the mapped properties stop span export.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class))
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces")
			.withPropertyValues(properties(mapped))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void sdkDisabledKeepsTheOtlpLogAppenderOutEvenWhenLogsExporterIsOtlp() {
		assertThat(map(Map.of("OTEL_LOGS_EXPORTER", "otlp"))).containsEntry("platform.logging.otlp.enabled", "true");
		assertThat(map(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_LOGS_EXPORTER", "otlp")))
			.containsEntry("platform.logging.otlp.enabled", "false")
			.containsEntry("management.logging.export.otlp.enabled", "false");
	}

	@Test
	void signalHeadersWinOverGeneralHeaders() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "x=general", "OTEL_EXPORTER_OTLP_LOGS_HEADERS", "y=logs")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.headers.x", "general")
			.containsEntry("management.opentelemetry.logging.export.otlp.headers.y", "logs")
			.doesNotContainKey("management.opentelemetry.logging.export.otlp.headers.x");
	}

	@Test
	void aPlusInAHeaderValueStaysAPlus() {
		assertThat(map(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic dXNlcjpw+ss=,x=a%2Cb")))
			.containsEntry("management.opentelemetry.tracing.export.otlp.headers.Authorization", "Basic dXNlcjpw+ss=")
			.containsEntry("management.opentelemetry.tracing.export.otlp.headers.x", "a,b");
	}

	@Test
	void anInvalidPercentEscapeNamesTheVariable() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map(Map.of("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-quota=100%")))
			.withMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_HEADERS ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> map(Map.of("OTEL_RESOURCE_ATTRIBUTES", "team=a%zz")))
			.withMessageStartingWith("OTEL_RESOURCE_ATTRIBUTES ");
	}

}
