package dev.platform.clients;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients are built on Boot's {@code RestClient.Builder}, so the trace context travels with every call.
 */
class TracePropagationTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class, ClientsResilienceAutoConfiguration.class,
				ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server));

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void sendsTheCurrentTraceContextToTheDownstream() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.run((context) -> {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("inbound").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
					.toBodilessEntity();
			}
			finally {
				span.end();
			}
			RecordedRequest request = this.server.takeRequest();
			assertThat(request.getHeaders().get("traceparent")).isNotNull()
				.contains(span.context().traceId());
		});
	}

}
