package dev.platform.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import dev.platform.test.OtlpReceiver;
import dev.platform.test.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real server exporting to a loopback OTLP receiver: one request's server span, JSON log line, response
 * header and metrics all agree on the trace and the service identity.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders-it", "platform.environment=test",
				"spring.application.version=1.2.3", "spring.datasource.url=jdbc:h2:mem:observability-it",
				"management.opentelemetry.tracing.export.schedule-delay=100ms",
				// Spring AMQP is on the test class path, no broker is: health must not depend on one on :5672.
				"management.health.rabbit.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	static final OtlpReceiver receiver = new OtlpReceiver();

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	@Test
	void requestWithTraceparentProducesServerSpanWithThatParentAndServiceResource() {
		HttpResponse<String> response = Http.get(url("/hello"), "traceparent",
				"00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01");
		assertThat(response.statusCode()).isEqualTo(200);
		ReceivedSpan server = awaitSpan((span) -> span.traceId().equals(TRACE_ID) && span.name().contains("hello"));
		assertThat(server.parentSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(server.span().getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(server.resource()).containsEntry("service.name", "orders-it")
			.containsEntry("service.version", "1.2.3")
			.containsEntry("deployment.environment.name", "test")
			.containsKey("service.instance.id");
	}

	@Test
	void responseHeaderCarriesTheTraceId() {
		HttpResponse<String> response = Http.get(url("/hello"), "traceparent",
				"00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01");
		assertThat(response.headers().firstValue("X-Trace-Id")).contains(TRACE_ID);
	}

	@Test
	void jsonLogLineOfTheRequestCarriesTheSameTraceIdAndIdentity(CapturedOutput output) {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		Http.get(url("/hello"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
		JsonNode line = await().atMost(Duration.ofSeconds(10))
			.until(() -> findLogLine(output, "hello handled", traceId), Optional::isPresent)
			.get();
		assertThat(line.get("span_id").asString()).hasSize(16);
		assertThat(line.get("service").asString()).isEqualTo("orders-it");
		assertThat(line.get("version").asString()).isEqualTo("1.2.3");
		assertThat(line.get("environment").asString()).isEqualTo("test");
		assertThat(line.get("level").asString()).isEqualTo("INFO");
		assertThat(line.get("logger").asString()).endsWith("SampleController");
		assertThat(line.get("timestamp").asString()).endsWith("Z");
		assertThat(line.has("thread")).isTrue();
	}

	@Test
	void problemBodiesCarryTheTraceId() {
		String traceId = "11111111111111111111111111111111";
		HttpResponse<String> conflict = Http.get(url("/conflict"), "traceparent",
				"00-" + traceId + "-b7ad6b7169203331-01");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json.readTree(conflict.body()).get("traceId").asString()).isEqualTo(traceId);
		HttpResponse<String> notFound = Http.get(url("/no/such/page"));
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(json.readTree(notFound.body()).get("traceId").asString()).hasSize(32);
	}

	@Test
	void actuatorRequestsProduceNoSpans() {
		String traceId = "22222222222222222222222222222222";
		assertThat(Http.get(url("/actuator/health"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
			.statusCode()).isEqualTo(200);
		assertThat(Http.get(url("/actuator/prometheus"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
			.statusCode()).isEqualTo(200);
		String marker = "33333333333333333333333333333333";
		Http.get(url("/hello"), "traceparent", "00-" + marker + "-b7ad6b7169203331-01");
		awaitSpan((span) -> span.traceId().equals(marker));
		assertThat(receiver.spans()).noneMatch((span) -> span.traceId().equals(traceId));
		assertThat(scrape()).doesNotContain("uri=\"/actuator/health\"");
	}

	@Test
	void asyncWorkStaysInTheCallersTrace() {
		String traceId = "44444444444444444444444444444444";
		Http.get(url("/async"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
		ReceivedSpan async = awaitSpan((span) -> span.traceId().equals(traceId) && span.name().equals("async-work"));
		ReceivedSpan server = awaitSpan((span) -> span.traceId().equals(traceId)
				&& span.span().getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(async.parentSpanId()).isEqualTo(server.spanId());
		assertThat(async.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(server.span().getStartTimeUnixNano());
	}

	@Test
	void workSubmittedByAScheduledTaskJoinsTheScheduledTrace() {
		ReceivedSpan child = awaitSpan((span) -> span.name().equals("scheduled-child"));
		ReceivedSpan parent = awaitSpan((span) -> span.spanId().equals(child.parentSpanId()));
		assertThat(parent.traceId()).isEqualTo(child.traceId());
		assertThat(parent.name()).contains("poll");
	}

	@Test
	void jdbcQueriesAreSpansOfTheRequest() {
		String traceId = "55555555555555555555555555555555";
		assertThat(Http.get(url("/db"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01").statusCode())
			.isEqualTo(200);
		ReceivedSpan query = awaitSpan((span) -> span.traceId().equals(traceId) && span.name().contains("query"));
		assertThat(query.span().getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
	}

	@Test
	void prometheusScrapeHasCommonTagsBuildInfoHistogramsAndDatasourceInfo() {
		Http.get(url("/items/42"));
		String scrape = scrape();
		assertThat(scrape).containsPattern(
				"http_server_requests_seconds_bucket\\{application=\"orders-it\",environment=\"test\",.*uri=\"/items/\\{id\\}\",le=\"0\\.005\"}");
		assertThat(scrape).containsPattern(
				"platform_build_info\\{application=\"orders-it\",environment=\"test\",starter_version=\"[^\"]+\",version=\"1\\.2\\.3\"} 1");
		assertThat(scrape).doesNotContain("starter_version=\"unknown\"");
		assertThat(scrape).containsPattern(
				"platform_datasource_info\\{application=\"orders-it\",database=\"observability-it\",datasource=\"dataSource\",db_system=\"h2\",environment=\"test\",host=\"in-process\",port=\"\"} 1");
		assertThat(scrape).doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*version=");
	}

	@Test
	void openMetricsScrapeCarriesExemplarsWithTraceIds() {
		String traceId = "77777777777777777777777777777777";
		Http.get(url("/items/7"), "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
		HttpResponse<String> response = Http.get(url("/actuator/prometheus"), "Accept",
				"application/openmetrics-text; version=1.0.0; charset=utf-8");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text"));
		assertThat(response.body()).containsPattern(
				"http_server_requests_seconds_bucket\\{[^}]*uri=\"/items/\\{id\\}\"[^}]*} \\d+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"}");
	}

	@Test
	void sdkHealthMetricsCountExportedSpans() {
		Http.get(url("/hello"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(scrape())
				.containsPattern("platform_otel_spans_exported_total\\{[^}]*outcome=\"success\"[^}]*} [1-9]"));
		assertThat(scrape()).contains("platform_otel_spans_dropped_total").contains("platform_otel_spans_queued");
	}

	String scrape() {
		HttpResponse<String> response = Http.get(url("/actuator/prometheus"));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	static ReceivedSpan awaitSpan(java.util.function.Predicate<ReceivedSpan> predicate) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.spans().stream().filter(predicate).findFirst(), Optional::isPresent)
			.get();
	}

	static Optional<JsonNode> findLogLine(CapturedOutput output, String message, String traceId) {
		for (String line : output.getOut().split("\n")) {
			if (line.startsWith("{") && line.contains(message)) {
				JsonNode node = json.readTree(line);
				if (node.has("trace_id") && traceId.equals(node.get("trace_id").asString())) {
					return Optional.of(node);
				}
			}
		}
		return Optional.empty();
	}


}
