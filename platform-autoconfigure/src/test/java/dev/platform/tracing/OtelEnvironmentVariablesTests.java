package dev.platform.tracing;

import java.util.Map;

import io.opentelemetry.sdk.trace.export.SpanExporter;
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
	void samplerArgumentSetsTheProbability() {
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25")))
			.containsEntry("management.tracing.sampling.probability", "0.25");
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "always_off")))
			.containsEntry("management.tracing.sampling.probability", "0.0");
		assertThat(map(Map.of("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.5")))
			.containsEntry("management.tracing.sampling.probability", "0.5");
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
	void propagatorsMapToBootPropagationTypes() {
		assertThat(map(Map.of("OTEL_PROPAGATORS", "tracecontext,baggage,b3multi")))
			.containsEntry("management.tracing.propagation.type", "W3C,B3_MULTI")
			.containsEntry("management.tracing.baggage.enabled", "true");
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
			.withPropertyValues(mapped.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
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
