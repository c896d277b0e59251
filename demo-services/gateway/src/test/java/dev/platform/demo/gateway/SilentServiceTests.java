package dev.platform.demo.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route to a service that takes the connection and never answers (a stalled database, a deadlocked pool) ends
 * in a 504 problem after the routes' read timeout, instead of holding a gateway thread for as long as the service
 * stalls. The stub is a listening socket that never accepts: the kernel completes the handshake, nothing answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.http.clients.read-timeout=500ms")
class SilentServiceTests {

	private static final ServerSocket silent = listen();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void silentServices(DynamicPropertyRegistry registry) {
		EveryServiceAt.register(registry, "http://127.0.0.1:" + silent.getLocalPort());
	}

	@AfterAll
	static void close() throws IOException {
		silent.close();
	}

	@Test
	void aRouteToAServiceThatNeverAnswersEndsIn504AfterTheReadTimeout() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/.well-known/jwks.json"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode body = new JsonMapper().readTree(response.body());
		assertThat(body.get("detail").asString()).isEqualTo("users did not answer in time");
		assertThat(body.get("service").asString()).isEqualTo("users");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(20));
	}

	private static ServerSocket listen() {
		try {
			return new ServerSocket(0, 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
