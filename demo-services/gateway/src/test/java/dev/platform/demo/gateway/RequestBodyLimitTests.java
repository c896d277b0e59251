package dev.platform.demo.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway refuses a body over {@code platform.web.max-request-body-size} itself, with 413 and a problem body:
 * before routing it when its length is announced, and while streaming it to the service when it comes in chunks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "platform.web.max-request-body-size=1KB")
class RequestBodyLimitTests {

	private static final AtomicInteger completeBodies = new AtomicInteger();

	private static HttpServer users;

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		users = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		users.createContext("/", (exchange) -> {
			try (exchange) {
				int length = exchange.getRequestBody().readAllBytes().length;
				completeBodies.incrementAndGet();
				byte[] body = ("{\"received\":" + length + "}").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
			catch (IOException ex) {
				// The gateway gave up on the body half-way: nothing was received whole.
			}
		});
		users.start();
		String url = "http://127.0.0.1:" + users.getAddress().getPort();
		EveryServiceAt.register(registry, url);
	}

	@AfterAll
	static void stopUsers() {
		users.stop(0);
	}

	@Test
	void aBodyWithinTheLimitIsRouted() throws Exception {
		int before = completeBodies.get();
		HttpResponse<String> response = login(HttpRequest.BodyPublishers.ofString(body(1000)));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"received\":1000}");
		assertThat(completeBodies.get()).isEqualTo(before + 1);
	}

	@Test
	void anAnnouncedLengthOverTheLimitIsRefusedBeforeRouting() throws Exception {
		int before = completeBodies.get();
		assertThatTooLarge(login(HttpRequest.BodyPublishers.ofString(body(1025))));
		assertThat(completeBodies.get()).isEqualTo(before);
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWhileItIsStreamed() throws Exception {
		int before = completeBodies.get();
		byte[] bytes = body(200_000).getBytes(StandardCharsets.UTF_8);
		// An InputStream publisher announces no length: the body goes in chunks.
		assertThatTooLarge(login(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
		assertThat(completeBodies.get()).isEqualTo(before);
	}

	@Test
	void aFormBodyReachesTheServiceWhole() throws Exception {
		// Read by the gateway before routing; the gateway's form filter would have rebuilt it, empty, from the
		// parameters the container no longer parses once the stream was read.
		String form = "email=a%40example.com&password=x";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/auth/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"received\":" + form.length() + "}");
	}

	private static void assertThatTooLarge(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":413", "1024 bytes")
			.containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
	}

	private HttpResponse<String> login(HttpRequest.BodyPublisher body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/auth/login"))
				.header("Content-Type", "application/json")
				.POST(body)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A JSON object of exactly {@code size} bytes. */
	private static String body(int size) {
		String frame = "{\"password\":\"\"}";
		return "{\"password\":\"" + "p".repeat(size - frame.length()) + "\"}";
	}

}
