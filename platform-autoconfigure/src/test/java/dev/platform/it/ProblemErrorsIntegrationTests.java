package dev.platform.it;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches Boot's error page (an exception no handler caught, a query string the container cannot decode) is
 * answered with a problem body that carries the trace id, like every error a controller answers; browsers keep
 * Boot's HTML page.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=problem-errors-it", "spring.datasource.url=jdbc:h2:mem:problem-errors-it",
				"management.tracing.export.otlp.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class ProblemErrorsIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void anExceptionNoHandlerCaughtIsAProblemWithTheTraceIdAndWithoutItsMessage() {
		HttpResponse<String> response = Http.get(url("/boom"), "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(500);
		assertThat(body.get("title").asString()).isEqualTo("Internal Server Error");
		assertThat(body.get("instance").asString()).isEqualTo("/boom");
		assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}")
			.isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
		assertThat(response.body()).doesNotContain("internal detail", "IllegalStateException", "timestamp");
	}

	@Test
	void aBodyWithAKeyTwiceIsRefusedNamingTheKey() {
		HttpResponse<String> response = Http.postJson(url("/notes"), "{\"text\": \"a\", \"text\": \"a longer one\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("detail").asString())
			.isEqualTo("The body has the key 'text' twice in one object (line 1, column 21).");
		assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}");
		assertThat(Http.postJson(url("/notes"), "{\"text\": \"a\"}").body()).isEqualTo("1");
	}

	@Test
	void anExceptionNoHandlerCaughtIsLoggedOnceInsideTheRequestsTrace(CapturedOutput output) {
		String traceId = "22222222222222222222222222222222";
		HttpResponse<String> response = Http.get(url("/boom"), "Accept", "application/json", "traceparent",
				"00-" + traceId + "-b7ad6b7169203331-01");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(json.readTree(response.body()).get("traceId").asString()).isEqualTo(traceId);
		JsonNode line = org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> ObservabilityIntegrationTests.findLogLine(output, "Unhandled exception answering GET /boom",
					traceId), java.util.Optional::isPresent)
			.get();
		assertThat(line.get("level").asString()).isEqualTo("ERROR");
		assertThat(line.get("span_id").asString()).hasSize(16);
		assertThat(line.get("stack_trace").asString()).contains("IllegalStateException",
				"internal detail that must not reach the client");
		// Not a second time by the container, outside the trace.
		assertThat(output.getOut()).doesNotContain("Servlet.service()");
	}

	@Test
	void aQueryStringTheContainerCannotDecodeIsAProblem() throws IOException {
		// java.net.URI refuses to build this URL, so it goes over a socket as any client could send it.
		assertThatBadRequestProblem(rawGet("/search?q=%zz")).contains("\"status\":400")
			.containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
	}

	@Test
	void whatTomcatRefusesBeforeAnyServletIsAProblemToo() throws IOException {
		// An encoded slash: Tomcat answers it itself, with an HTML page unless told otherwise. Never traced.
		assertThatBadRequestProblem(rawGet("/items/a%2Fb"))
			.contains("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}")
			.doesNotContain("<html");
		// Headers over Tomcat's limit (8 KB by default).
		assertThatBadRequestProblem(rawGet("/hello", "X-Padding: " + "x".repeat(10_000) + "\r\n"))
			.doesNotContain("<html");
	}

	@Test
	void aMediaTypeTheHandlerCannotProduceIsAProblemAnyway() {
		// RFC 9457 lets a server answer a problem in a type the client did not ask for; an empty 406 says nothing.
		HttpResponse<String> response = Http.get(url("/db"), "Accept", "application/xml");
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(406);
		assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}");
	}

	@Test
	void aBrowserKeepsBootsErrorPage() {
		HttpResponse<String> response = Http.get(url("/boom"), "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
	}

	private static AbstractStringAssert<?> assertThatBadRequestProblem(String rawResponse) {
		return assertThat(rawResponse).startsWith("HTTP/1.1 400 ")
			.containsIgnoringCase("Content-Type: application/problem+json");
	}

	private String rawGet(String target, String... headers) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
						+ String.join("", headers) + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
