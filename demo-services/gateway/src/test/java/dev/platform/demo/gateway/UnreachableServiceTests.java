package dev.platform.demo.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route whose service is down answers 503 with a problem body carrying the trace id, not a bare 500; a service
 * that does not answer in time maps to 504.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableServiceTests {

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void downServices(DynamicPropertyRegistry registry) throws IOException {
		String down = "http://127.0.0.1:" + closedPort();
		EveryServiceAt.register(registry, down);
	}

	/** A port nothing listens on: bound once to find a free one, then closed. */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void aRouteToAServiceThatIsDownAnswersAProblemNotA500() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/.well-known/jwks.json"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
		JsonNode body = new JsonMapper().readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(503);
		assertThat(body.get("title").asString()).isEqualTo("Service Unavailable");
		assertThat(body.get("service").asString()).isEqualTo("users");
		assertThat(body.get("detail").asString()).isEqualTo("users cannot be reached");
		assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}")
			.isEqualTo(response.headers().firstValue("X-Trace-Id").orElseThrow());
	}

	@Test
	void routesHaveAConnectAndAReadTimeout(@Autowired Environment environment) {
		// Boot's HTTP client settings, which the gateway's proxy exchange is built with, have none by default: a
		// service that takes the connection and never answers would hold a gateway thread for as long as it stalls.
		assertThat(environment.getProperty("spring.http.clients.connect-timeout", Duration.class))
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(environment.getProperty("spring.http.clients.read-timeout", Duration.class))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aTimeoutIs504AndOtherFailuresAreNotTakenForAnUnreachableService() {
		ResourceAccessException refused = new ResourceAccessException("I/O error", new ConnectException("refused"));
		ResourceAccessException slow = new ResourceAccessException("I/O error",
				new HttpTimeoutException("request timed out"));
		assertThat(UnreachableService.matches(refused)).isTrue();
		assertThat(UnreachableService.problem("orders", refused).getStatus()).isEqualTo(503);
		ProblemDetail timeout = UnreachableService.problem("orders", slow);
		assertThat(timeout.getStatus()).isEqualTo(504);
		assertThat(timeout.getDetail()).isEqualTo("orders did not answer in time");
		assertThat(UnreachableService.matches(new IllegalStateException("a gateway bug"))).isFalse();
		assertThat(UnreachableService.matches(new IOException("Broken pipe"))).as("the caller hung up").isFalse();
		assertThat(UnreachableService.matches(new IllegalStateException(new ConnectException("refused")))).isTrue();
	}

}
