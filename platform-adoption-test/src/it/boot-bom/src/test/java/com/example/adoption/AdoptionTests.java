package com.example.adoption;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two-line adoption: with only the BOM, the starter and a service name, a request is traced and exported
 * over OTLP, logged as JSON with its trace id, answered with the trace id, and measured for Prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class AdoptionTests {

	static final AtomicInteger exports = new AtomicInteger();

	static final HttpServer collector = collector();

	static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void collectorEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
		registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "100ms");
	}

	@AfterAll
	static void stopCollector() {
		collector.stop(0);
	}

	@Test
	void aRequestIsTracedLoggedAsJsonAndMeasured(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/greetings/ada");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(output.getOut())
			.containsPattern("\\{\"timestamp\":\"[^\"]+Z\",\"level\":\"INFO\".*\"message\":\"greeting ada\",\"trace_id\":\""
					+ traceId + "\""));
		await().atMost(Duration.ofSeconds(15)).until(() -> exports.get() > 0);
		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape).contains("http_server_requests_seconds_count{application=\"adoption\",environment=\"local\"")
			.containsPattern("platform_build_info\\{application=\"adoption\",environment=\"local\",starter_version=\"[^\"]+\"");
	}

	@Test
	void errorsAreProblemDetailsWithTheTraceId() throws Exception {
		HttpResponse<String> response = get("/no-such-thing");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"traceId\":\"" + response.headers().firstValue("X-Trace-Id").orElseThrow());
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposed() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static HttpServer collector() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/v1/traces", (exchange) -> {
				byte[] body = exchange.getRequestBody().readAllBytes();
				if (body.length > 0 && "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
					exports.incrementAndGet();
				}
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
