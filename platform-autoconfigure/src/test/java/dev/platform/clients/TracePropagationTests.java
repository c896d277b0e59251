package dev.platform.clients;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
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
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients are built on Boot's {@code RestClient.Builder}, so the trace context travels with every call, and a
 * retried call's span says what its attempts met.
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

	@Test
	void aRetriedCallsSpanSaysHowOftenItWasSentAgainAndWhy() {
		Stubs.enqueue(this.server, Stubs.status(503), 2);
		this.server.enqueue(Stubs.ok("{}"));
		this.server.enqueue(Stubs.ok("{}"));
		List<SpanData> exported = new CopyOnWriteArrayList<>();
		this.runner
			.withPropertyValues("platform.clients.users.retry.initial-backoff=1ms", "management.tracing.sampling.probability=1.0")
			.withBean(SpanExporter.class, () -> collecting(exported))
			.run((context) -> {
				RestClient users = context.getBean(DownstreamClients.class).get("users").restClient();
				users.get().uri("/retried").retrieve().toBodilessEntity();
				users.get().uri("/first-time").retrieve().toBodilessEntity();
				context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
				SpanData retried = clientSpan(exported, "/retried");
				assertThat(retried.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(2L);
				assertThat(retried.getEvents()).extracting(EventData::getName)
					.containsExactly("attempt 1 failed: HTTP 503", "attempt 2 failed: HTTP 503");
				// Every attempt went out as the call's own span.
				for (int i = 0; i < 3; i++) {
					assertThat(this.server.takeRequest().getHeaders().get("traceparent"))
						.contains(retried.getSpanContext().getSpanId());
				}
				SpanData firstTime = clientSpan(exported, "/first-time");
				assertThat(firstTime.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isNull();
				assertThat(firstTime.getEvents()).isEmpty();
			});
	}

	private static SpanData clientSpan(List<SpanData> exported, String path) {
		return exported.stream()
			.filter((span) -> String.valueOf(span.getAttributes().get(AttributeKey.stringKey("http.url"))).endsWith(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No client span for " + path + " in " + exported));
	}

	private static SpanExporter collecting(List<SpanData> exported) {
		return new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				exported.addAll(spans);
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
	}

}
