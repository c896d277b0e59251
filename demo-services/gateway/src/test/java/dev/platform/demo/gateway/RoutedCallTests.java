package dev.platform.demo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a routed call leaves behind. The response carries one {@code X-Trace-Id}: the service behind the gateway
 * sends its own (the same trace, propagated), and the gateway's stays, in whatever case the service spelt the
 * header. The call's client timer is named after its route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutedCallTests {

	private static HttpServer users;

	private static final List<String> depthsReceived = new CopyOnWriteArrayList<>();

	private static final List<String> pathsReceived = new CopyOnWriteArrayList<>();

	private static final List<String> traceparentsReceived = new CopyOnWriteArrayList<>();

	private static final List<String> baggageReceived = new CopyOnWriteArrayList<>();

	private static final List<String> clientAddressesReceived = new CopyOnWriteArrayList<>();

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		users = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		users.createContext("/", (exchange) -> {
			// What a service with the starter answers: the trace id of the traceparent it received.
			String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
			String traceId = (traceparent != null) ? traceparent.split("-")[1] : "none";
			depthsReceived.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Platform-Call-Depth")));
			pathsReceived.add(exchange.getRequestURI().getRawPath());
			traceparentsReceived.add(String.valueOf(traceparent));
			baggageReceived.add(String.valueOf(exchange.getRequestHeaders().getFirst("baggage")));
			clientAddressesReceived.addAll(exchange.getRequestHeaders().getOrDefault("X-Platform-Client-Address",
					List.of("none")));
			for (String forwarded : List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto")) {
				if (exchange.getRequestHeaders().containsKey(forwarded)) {
					clientAddressesReceived.add(forwarded + ": " + exchange.getRequestHeaders().getFirst(forwarded));
				}
			}
			byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("x-trace-id", traceId);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
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
	void aRoutedResponseHasOneTraceIdHeader() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/auth/login"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("X-Trace-Id")).singleElement()
			.satisfies((traceId) -> assertThat(traceId).matches("[0-9a-f]{32}"));
	}

	@Test
	void aCallDepthFromOutsideDoesNotPassTheRoute() throws Exception {
		depthsReceived.clear();
		assertThat(send(HttpRequest.newBuilder(uri("/.well-known/jwks.json")).header("X-Platform-Call-Depth", "9"))
			.statusCode()).isEqualTo(200);
		assertThat(depthsReceived).containsExactly("null");
		// Nor does the gateway itself take it for a chain that deep.
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus"))).body())
			.doesNotContain("platform_request_call_depth");
	}

	@Test
	void theServiceIsToldTheCallersAddressNotWhatTheCallerClaims() throws Exception {
		clientAddressesReceived.clear();
		assertThat(send(HttpRequest.newBuilder(uri("/.well-known/jwks.json"))
			.header("X-Platform-Client-Address", "203.0.113.66")
			.header("X-Forwarded-For", "203.0.113.67")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "evil.example")
			.header("Forwarded", "for=203.0.113.68")).statusCode()).isEqualTo(200);
		// Nor any forwarded header it sent, which users' RemoteIpValve would believe (Spring Cloud Gateway drops them
		// while spring.cloud.gateway.server.webmvc.trusted-proxies is not set).
		assertThat(clientAddressesReceived).containsExactly("127.0.0.1");
	}

	@Test
	void eachRoutesCallsAreTimedUnderTheRoutesName() throws Exception {
		// Every route goes to the same host here, as services behind one load balancer would.
		assertThat(send(HttpRequest.newBuilder(uri("/api/auth/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(uri("/.well-known/jwks.json"))).statusCode()).isEqualTo(200);
		String scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))).body();
		assertThat(scrape).containsPattern("http_client_requests_seconds_count\\{[^}]*client_name=\"users\"[^}]*method=\"POST\"[^}]*} 1\n")
			.containsPattern("http_client_requests_seconds_count\\{[^}]*client_name=\"users\"[^}]*method=\"GET\"")
			.doesNotContain("client_name=\"127.0.0.1\"");
	}

	@Test
	void aTraceContextFromOutsideIsNotJoinedNorForwarded() throws Exception {
		String chosen = "0123456789abcdef0123456789abcdef";
		traceparentsReceived.clear();
		baggageReceived.clear();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/.well-known/jwks.json"))
			.header("traceparent", "00-" + chosen + "-0123456789abcdef-00")
			.header("baggage", "tenant=evil"));
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(chosen);
		// The service behind joins the gateway's own trace (sampled, as the gateway samples every request).
		assertThat(traceparentsReceived).singleElement()
			.satisfies((traceparent) -> assertThat(traceparent).startsWith("00-" + traceId + "-").endsWith("-01"));
		assertThat(baggageReceived).as("baggage from outside, forwarded").containsExactly("null");
	}

	@Test
	void aPathThatClimbsOutOfItsRouteIsRefusedNotForwarded() throws Exception {
		// /api/auth/** is public and so is the gateway's /actuator/prometheus, which is what Tomcat makes of these;
		// forwarded as sent, the service behind would resolve them to its own actuator.
		pathsReceived.clear();
		for (String path : new String[] { "/api/auth/%2e%2e/%2e%2e/actuator/prometheus",
				"/api/auth/%2E%2E/%2E%2E/actuator/prometheus", "/api/auth/../../actuator/prometheus",
				"/api/auth/./login", "/api/auth/%2e/login", "/api/auth/..%3b/..%3Bx/actuator/prometheus" }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)));
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
		assertThat(pathsReceived).as("paths the service behind received").isEmpty();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
