package dev.platform.demo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.platform.demo.testing.FakeUsersService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details aggregate against stand-ins for orders, payments and shipping: amounts keep their decimal form, and
 * an orders service answering 5xx makes a 503 problem, not a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderDetailsTests {

	static final FakeUsersService users = users();

	static final AtomicInteger ordersStatus = new AtomicInteger(200);

	static final AtomicInteger paymentsStatus = new AtomicInteger(200);

	/** While set, payments answers only once it is counted down (or after 30 s). */
	static final AtomicReference<CountDownLatch> paymentsHeld = new AtomicReference<>();

	/** The {@code traceparent} of the last call to each stand-in, by path. */
	static final Map<String, String> traceparents = new ConcurrentHashMap<>();

	static final HttpServer services = services();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		String url = "http://127.0.0.1:" + services.getAddress().getPort();
		registry.add("platform.security.jwt.jwks-uri", () -> users.url() + "/.well-known/jwks.json");
		for (String service : new String[] { "orders", "payments", "shipping" }) {
			registry.add("platform.clients." + service + ".url", () -> url);
			registry.add("gateway.routes." + service, () -> url);
		}
		registry.add("gateway.routes.users", users::url);
		registry.add("platform.clients.orders.retry.max-attempts", () -> 1);
		// Longer than the details' deadline for a part, so that the deadline is what ends a slow payments call.
		registry.add("platform.clients.payments.read-timeout", () -> "10s");
	}

	@AfterAll
	static void stop() {
		services.stop(0);
	}

	@Test
	void amountsKeepTheirDecimalForm() throws Exception {
		HttpResponse<String> response = details();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"total\":10000000.00", "\"amount\":10000000.00");
	}

	@Test
	void thePartsFetchedOnTheirPoolStayInTheRequestsTrace() throws Exception {
		traceparents.clear();
		assertThat(details().statusCode()).isEqualTo(200);
		assertThat(traceparents).containsKeys("/api/orders/", "/api/payments", "/api/shipments");
		String traceId = traceparents.get("/api/orders/").split("-")[1];
		assertThat(traceId).hasSize(32).isNotEqualTo("0".repeat(32));
		assertThat(traceparents.get("/api/payments").split("-")[1]).isEqualTo(traceId);
		assertThat(traceparents.get("/api/shipments").split("-")[1]).isEqualTo(traceId);
	}

	@Test
	void anOrdersServiceAnswering5xxMakesA503Problem() throws Exception {
		ordersStatus.set(503);
		try {
			HttpResponse<String> response = details();
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			assertThat(response.body()).contains("\"title\":\"Dependency unavailable\"", "\"traceId\"");
		}
		finally {
			ordersStatus.set(200);
		}
	}

	@Test
	void aPaymentsServiceAnswering4xxDegradesTheDetailsInsteadOfFailingThem() throws Exception {
		// 401: a token that expired on the way, or a payments service without keys yet; 404 is not the order's.
		for (int status : new int[] { 401, 403, 404 }) {
			paymentsStatus.set(status);
			try {
				HttpResponse<String> response = details();
				assertThat(response.statusCode()).as("payments answering %d", status).isEqualTo(200);
				assertThat(response.body()).contains("\"degraded\":[\"payments\"]", "\"payment\":null",
						"\"id\":\"o1\"");
			}
			finally {
				paymentsStatus.set(200);
			}
		}
	}

	@Test
	void aPaymentsServiceSlowerThanThePartsDeadlineDegradesTheDetailsInTime() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		paymentsHeld.set(held);
		try {
			long start = System.nanoTime();
			HttpResponse<String> response = details();
			long tookMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"degraded\":[\"payments\"]", "\"id\":\"o1\"");
			assertThat(tookMillis).as("answered at the parts' deadline, not when payments answers")
				.isGreaterThanOrEqualTo(OrderDetailsController.PART_DEADLINE_SECONDS * 1000)
				.isLessThan(OrderDetailsController.PART_DEADLINE_SECONDS * 1000 + 2500);
		}
		finally {
			paymentsHeld.set(null);
			held.countDown();
		}
	}

	@Test
	void anOrdersServiceRefusingTheTokenIs401AndOtherRefusalsAre502() throws Exception {
		int[][] cases = { { 401, 401 }, { 403, 403 }, { 400, 502 }, { 409, 502 } };
		for (int[] answer : cases) {
			ordersStatus.set(answer[0]);
			try {
				HttpResponse<String> response = details();
				assertThat(response.statusCode()).as("orders answering %d", answer[0]).isEqualTo(answer[1]);
				assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("application/problem+json"));
				if (answer[1] == 401) {
					assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
				}
			}
			finally {
				ordersStatus.set(200);
			}
		}
	}

	private HttpResponse<String> details() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders/o1/details"))
				.header("Authorization", "Bearer " + users.tokenForNewUser())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static FakeUsersService users() {
		try {
			return new FakeUsersService("gateway");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer services() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			// A thread per exchange: a payments answer held back must not hold up the orders one.
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/api/orders/", (exchange) -> {
				int status = ordersStatus.get();
				respond(exchange, status, (status == 200) ? "{\"id\":\"o1\",\"status\":\"PAID\",\"total\":10000000.00}"
						: "{\"status\":" + status + "}");
			});
			server.createContext("/api/payments", (exchange) -> {
				CountDownLatch held = paymentsHeld.get();
				if (held != null) {
					try {
						held.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				int status = paymentsStatus.get();
				respond(exchange, status,
						(status == 200) ? "[{\"id\":\"p1\",\"amount\":10000000.00,\"status\":\"COMPLETED\"}]"
								: "{\"status\":" + status + "}");
			});
			server.createContext("/api/shipments", (exchange) -> respond(exchange, 200, "[]"));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			traceparents.put(exchange.getHttpContext().getPath(), traceparent);
		}
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (exchange) {
			exchange.getResponseBody().write(body);
		}
	}

}
