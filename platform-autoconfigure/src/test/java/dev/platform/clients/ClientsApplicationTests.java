package dev.platform.clients;

import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.platform.events.EventsAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The whole feature in a running servlet application on loopback: an inbound request calls the stub
 * downstream, and what the operator and the caller see.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientsApplicationTests {

	private final MockWebServer downstream = Stubs.start();

	private final HttpClient inbound = HttpClient.newHttpClient();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.downstream.close();
	}

	@Test
	void answers503WithRetryAfterWhileTheBreakerIsOpenAndStaysHealthy() throws Exception {
		start();
		this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("users").transitionToOpenState();
		HttpResponse<String> response = get("/profile");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"reason\":\"circuit_open\"");
		assertThat(this.downstream.getRequestCount()).isZero();
		// The call's timer says why there was no response, not Spring's CLIENT_ERROR.
		assertThat(get("/actuator/prometheus").body()).containsPattern(
				"http_client_requests_seconds_count\\{[^}]*client_name=\"users\"[^}]*exception=\"DownstreamCircuitOpenException\""
						+ "[^}]*outcome=\"UNKNOWN\"[^}]*status=\"CIRCUIT_OPEN\"[^}]*} 1\n");
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).endsWith("\"status\":\"UP\"}")
			.contains("\"downstreams\"")
			.contains("\"state\":\"OPEN\"");
	}

	@Test
	void exposesTheClientMetricsForPrometheus() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("\"ada\""), 2);
		start();
		assertThat(get("/profile").body()).isEqualTo("\"ada\" \"ada\"");
		String scrape = get("/actuator/prometheus").body();
		// Series also carry the common application and environment tags.
		assertThat(scrape).containsPattern("platform_client_calls_per_request_count\\{[^}]*client=\"users\"[^}]*} 1\n")
			.containsPattern("platform_client_calls_per_request_sum\\{[^}]*client=\"users\"[^}]*} 2.0\n")
			.containsPattern("http_client_requests_seconds_count\\{[^}]*client_name=\"users\"")
			.containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"users\",state=\"closed\"} 1.0");
	}

	@Test
	void handsTheCallDepthOnAndRecordsTheInboundOne() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("\"ada\""), 2);
		Stubs.enqueue(this.downstream, Stubs.ok("{\"id\":\"1\",\"name\":\"ada\"}"), 6);
		start();
		// Called by a service that was itself called by one: depth 2 here, 3 for the calls this request makes.
		assertThat(get("/profile", "X-Platform-Call-Depth", "2").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("3");
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("3");
		// Called by no platform client (a browser, the gateway's routes): its calls are the first of a chain.
		assertThat(get("/profile/record").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("1");
		// A value that is no depth is ignored rather than handed on.
		for (String bogus : new String[] { "0", "65", "-1", "2a", "999999999999" }) {
			assertThat(get("/profile/record", "X-Platform-Call-Depth", bogus).statusCode()).isEqualTo(200);
			assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).as(bogus).isEqualTo("1");
		}
		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape).containsPattern("platform_request_call_depth_count\\{[^}]*} 1\n")
			.containsPattern("platform_request_call_depth_sum\\{[^}]*} 2.0\n")
			.containsPattern("platform_request_call_depth_max\\{[^}]*} 2.0\n");
	}

	@Test
	void theDepthTravelsWithATaskToBootsExecutorLikeTheTrace() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("\"ada\""), 2);
		start();
		assertThat(get("/profile/executor", "X-Platform-Call-Depth", "2").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("3");
		// The executor's thread keeps nothing of the last request.
		assertThat(get("/profile/executor").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("1");
	}

	@Test
	void aCallOnAnotherThreadStartsAChainAndAClientCanLeaveTheHeaderOut() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("\"ada\""), 1);
		Stubs.enqueue(this.downstream, Stubs.ok("{\"id\":\"1\",\"name\":\"ada\"}"), 1);
		start();
		assertThat(get("/profile/async", "X-Platform-Call-Depth", "2").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("1");
		this.context.close();
		start("--platform.clients.users.call-depth-header=false");
		assertThat(get("/profile/record", "X-Platform-Call-Depth", "2").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isNull();
	}

	@Test
	void anEdgeServiceDoesNotBelieveTheCallDepthFromOutside() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("{\"id\":\"1\",\"name\":\"ada\"}"), 1);
		start("--platform.web.trust-call-depth=false");
		assertThat(get("/profile/record", "X-Platform-Call-Depth", "9").statusCode()).isEqualTo(200);
		assertThat(this.downstream.takeRequest().getHeaders().get("X-Platform-Call-Depth")).isEqualTo("1");
		assertThat(get("/actuator/prometheus").body()).doesNotContain("platform_request_call_depth");
	}

	@Test
	void tagsACallThatFoundNoDownstreamAsUnavailable() throws Exception {
		start("--platform.clients.users.url=" + Stubs.closedPortUrl(), "--platform.clients.users.retry.max-attempts=1");
		HttpResponse<String> response = get("/profile");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"reason\":\"unavailable\"");
		assertThat(get("/actuator/prometheus").body()).containsPattern(
				"http_client_requests_seconds_count\\{[^}]*client_name=\"users\"[^}]*outcome=\"UNKNOWN\"[^}]*status=\"UNAVAILABLE\"");
	}

	@Test
	void answers503WhenTheDownstreamBodyStallsWhileJacksonReadsIt() throws Exception {
		this.downstream.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"id\":\"u-1\",\"name\":\"" + "x".repeat(400) + "\"}")
			.throttleBody(16, 1, java.util.concurrent.TimeUnit.SECONDS)
			.build());
		start("--platform.clients.users.read-timeout=300ms", "--platform.clients.users.retry.max-attempts=1");
		HttpResponse<String> response = get("/profile/record");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"reason\":\"timeout\"").contains("\"traceId\"");
	}

	@Test
	void answers503WhenTheDownstreamAnswers503OnEveryAttemptAndSaysWhichClient(CapturedOutput output)
			throws Exception {
		Stubs.enqueue(this.downstream, Stubs.status(503), 3);
		start("--platform.clients.users.retry.initial-backoff=10ms");
		HttpResponse<String> response = get("/profile");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"reason\":\"status_503\"").contains("\"traceId\"")
			.doesNotContain("users");
		assertThat(this.downstream.getRequestCount()).isEqualTo(3);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
			.contains("Answering 503: users: answered 503 Service Unavailable to the last of 3 attempts")
			.doesNotContain("Unhandled exception"));
	}

	@Test
	void answers503WhenTheCallThatGot503RanOnAnotherThread(CapturedOutput output) throws Exception {
		Stubs.enqueue(this.downstream, Stubs.status(503), 3);
		start("--platform.clients.users.retry.initial-backoff=10ms");
		HttpResponse<String> response = get("/profile/async");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().map()).doesNotContainKey(DownstreamStatusRecord.MARKER_HEADER.toLowerCase());
		assertThat(response.body()).contains("\"reason\":\"status_503\"").doesNotContain("users");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
			.contains("Answering 503: users: answered 503 Service Unavailable to the last of 3 attempts")
			.doesNotContain("Unhandled exception"));
	}

	@Test
	void passesOnTheRetryAfterOfADownstreamThatAnswers429() throws Exception {
		// Longer than retry.max-retry-after (2 s): not waited for, so one attempt.
		this.downstream.enqueue(new mockwebserver3.MockResponse.Builder().code(429).addHeader("Retry-After", "30").build());
		start();
		HttpResponse<String> response = get("/profile");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(response.body()).contains("\"reason\":\"status_429\"");
		assertThat(this.downstream.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aDownstream500IsStillTheServicesOwnFailure() throws Exception {
		this.downstream.enqueue(Stubs.status(500));
		start();
		HttpResponse<String> response = get("/profile");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(this.downstream.getRequestCount()).isEqualTo(1);
	}

	@Test
	void anApplicationHandlerForSpringsExceptionKeepsIt() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.status(503), 3);
		start("--platform.clients.users.retry.initial-backoff=10ms");
		HttpResponse<String> response = get("/orders");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("no users: 503");
	}

	@Test
	void aMisspeltClientKeyOnlyWarnsWhenUnknownPropertiesAreToldToWarn() throws Exception {
		Stubs.enqueue(this.downstream, Stubs.ok("\"ada\""), 2);
		// Both checks of client keys read the same switch: the unknown-property check warns, the binding ignores.
		start("--platform.fail-on-unknown-properties=false", "--platform.clients.users.read-timout=5s");
		assertThat(get("/profile").statusCode()).isEqualTo(200);
	}

	@Test
	void aMisspeltClientKeyInTheCommandLineFailsNamingWhatWasMeant() {
		assertThatException().isThrownBy(() -> start("--platform.clients.users.read-timout=5s"))
			.withMessageContaining("'platform.clients.users.read-timout'")
			.withMessageContaining("did you mean 'platform.clients.users.read-timeout'?");
	}

	private void start(String... args) {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.application.name=clients-it", "server.address=127.0.0.1",
					"platform.clients.users.url=" + Stubs.url(this.downstream),
					"management.endpoints.web.exposure.include=health,prometheus",
					"management.endpoint.health.show-details=always",
					"management.endpoint.health.show-components=always",
					// Only our contributor: the overall status must not depend on whatever else is on the classpath.
					"management.health.defaults.enabled=false", "management.health.downstreams.enabled=true",
					"management.otlp.metrics.export.enabled=false", "spring.main.banner-mode=off")
			.run(args);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.inbound.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Uses no events: Spring AMQP and H2 are on the test class path, the events schema is not. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = EventsAutoConfiguration.class)
	static class App {

		@RestController
		static class ProfileController {

			private final RestClient users;

			private final AsyncTaskExecutor executor;

			ProfileController(@Qualifier("users") RestClient users,
					@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
				this.users = users;
				this.executor = executor;
			}

			@GetMapping("/profile")
			String profile() {
				String first = this.users.get().uri("/users/1").retrieve().body(String.class);
				String second = this.users.get().uri("/users/2").retrieve().body(String.class);
				return first + " " + second;
			}

			/** The call on a thread of Boot's task executor, which the starter's task decorator hands context to. */
			@GetMapping("/profile/executor")
			String profileOnTheExecutor() {
				return this.executor.submitCompletable(() -> this.users.get().uri("/users/1").retrieve().body(String.class))
					.join();
			}

			/** The call on another thread: no request attributes there, Spring's exception wrapped by join(). */
			@GetMapping("/profile/async")
			String profileAsync() {
				return java.util.concurrent.CompletableFuture
					.supplyAsync(() -> this.users.get().uri("/users/1").retrieve().body(String.class))
					.join();
			}

			@GetMapping("/profile/record")
			String profileRecord() {
				return this.users.get().uri("/users/1").retrieve().body(User.class).name();
			}

			record User(String id, String name) {
			}

		}

		/** Handles a downstream's 5xx itself: the starter's 503 must not take it over. */
		@RestController
		static class OrdersController {

			private final RestClient users;

			OrdersController(@Qualifier("users") RestClient users) {
				this.users = users;
			}

			@GetMapping("/orders")
			String orders() {
				return this.users.get().uri("/users/1").retrieve().body(String.class);
			}

			@ExceptionHandler(HttpServerErrorException.class)
			String noUsers(HttpServerErrorException ex) {
				return "no users: " + ex.getStatusCode().value();
			}

		}

	}

}
