package dev.platform.demo.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.platform.test.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole demo: gateway, users, orders (with the embedded broker), payments and shipping, each in its own class
 * loader in this JVM, on loopback, exporting spans to a test OTLP receiver. Everything goes through the gateway,
 * as a client would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoSystemTests {

	private static final Duration SAGA = Duration.ofSeconds(60);

	private final OtlpReceiver receiver = new OtlpReceiver();

	private final Map<String, IsolatedService> services = new LinkedHashMap<>();

	private Demo demo;

	@BeforeAll
	void startAllFive() {
		int broker = Demo.freePort();
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String name : List.of("users", "orders", "payments", "shipping", "gateway")) {
			ports.put(name, Demo.freePort());
		}
		Map<String, String> common = new LinkedHashMap<>();
		common.put("spring.rabbitmq.port", String.valueOf(broker));
		common.put("management.opentelemetry.tracing.export.otlp.endpoint", this.receiver.tracesUrl());
		common.put("management.opentelemetry.tracing.export.schedule-delay", "200ms");
		common.put("logging.level.root", "WARN");
		common.put("platform.environment", "test");
		for (Map.Entry<String, Integer> port : ports.entrySet()) {
			common.put(port.getKey().toUpperCase() + "_SERVICE_URL", "http://127.0.0.1:" + port.getValue());
		}
		// orders first: it hosts the broker the others connect to.
		Map<String, String> orders = new LinkedHashMap<>(common);
		orders.put("platform.events.embedded-broker.port", String.valueOf(broker));
		start("orders", "dev.platform.demo.orders.OrdersApplication", ports, orders);
		start("users", "dev.platform.demo.users.UsersApplication", ports, common);
		start("payments", "dev.platform.demo.payments.PaymentsApplication", ports, common);
		start("shipping", "dev.platform.demo.shipping.ShippingApplication", ports, common);
		start("gateway", "dev.platform.demo.gateway.GatewayApplication", ports, common);
		this.demo = new Demo(this.services.get("gateway").url());
	}

	private void start(String name, String main, Map<String, Integer> ports, Map<String, String> properties) {
		this.services.put(name, IsolatedService.start(name, main, ports.get(name), properties));
	}

	@AfterAll
	void stopAll() throws Exception {
		List<String> names = new ArrayList<>(this.services.keySet());
		java.util.Collections.reverse(names);
		for (String name : names) {
			this.services.get(name).close();
		}
		this.receiver.close();
	}

	private Demo.Response placeOrder(String token, String paymentMethod, String address) {
		Demo.Response response = this.demo.call("POST", "/api/orders", token, Demo.order(paymentMethod, address),
				Map.of());
		assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
		assertThat(response.body().get("status").asString()).isEqualTo("PENDING");
		return response;
	}

	private JsonNode awaitStatus(String token, String orderId, String status) {
		return await().atMost(SAGA).pollInterval(Duration.ofMillis(300)).until(() -> {
			Demo.Response response = this.demo.get("/api/orders/" + orderId, token);
			return (response.status() == 200) ? response.body() : null;
		}, (order) -> order != null && status.equals(order.get("status").asString()));
	}

	@Test
	@Order(1)
	void shipsAPaidOrder() {
		String token = this.demo.newUser();
		Demo.Response created = placeOrder(token, "tok_visa", "1 Main Street, Springfield");
		String id = created.body().get("id").asString();
		assertThat(created.body().get("total").decimalValue()).isEqualByComparingTo("28.20");

		JsonNode order = awaitStatus(token, id, "SHIPPED");
		assertThat(order.get("reason").isNull()).isTrue();
		assertThat(order.get("customerName").asString()).isEqualTo("Test Customer");

		// The first call to a cold service (its first token means a JWKS fetch) may miss the 2s read timeout on a
		// loaded machine; the aggregate then answers degraded, which is the point of it. Complete soon after.
		Demo.Response details = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.demo.get("/api/orders/" + id + "/details", token),
					(response) -> response.status() == 200 && response.body().get("degraded").isEmpty());
		assertThat(details.body().get("payment").get("status").asString()).isEqualTo("COMPLETED");
		assertThat(details.body().get("shipment").get("status").asString()).isEqualTo("CREATED");
		assertThat(details.body().get("shipment").get("trackingNumber").asString()).startsWith("TRK-");
		assertThat(details.body().get("degraded")).isEmpty();
	}

	@Test
	@Order(2)
	void cancelsAnOrderWhosePaymentIsDeclined() {
		String token = this.demo.newUser();
		String id = placeOrder(token, "tok_decline", "1 Main Street, Springfield").body().get("id").asString();

		JsonNode order = awaitStatus(token, id, "CANCELLED");
		assertThat(order.get("reason").asString()).isEqualTo("PAYMENT_DECLINED");
		JsonNode details = this.demo.get("/api/orders/" + id + "/details", token).body();
		assertThat(details.get("payment").get("status").asString()).isEqualTo("DECLINED");
		assertThat(details.get("shipment").isNull()).isTrue();
	}

	@Test
	@Order(3)
	void refundsAndCancelsAnOrderThatCannotBeShipped() {
		String token = this.demo.newUser();
		String id = placeOrder(token, "tok_visa", "42 UNDELIVERABLE Lane").body().get("id").asString();

		JsonNode order = awaitStatus(token, id, "CANCELLED");
		assertThat(order.get("reason").asString()).isEqualTo("SHIPPING_FAILED");
		JsonNode details = this.demo.get("/api/orders/" + id + "/details", token).body();
		assertThat(details.get("payment").get("status").asString()).isEqualTo("REFUNDED");
		assertThat(details.get("shipment").get("status").asString()).isEqualTo("FAILED");
	}

	@Test
	@Order(4)
	void answersTheSameOrderForTheSameIdempotencyKey() {
		String token = this.demo.newUser();
		Map<String, String> key = Map.of("Idempotency-Key", "checkout-7");
		Demo.Response first = this.demo.call("POST", "/api/orders", token, Demo.order("tok_visa", "1 Main St"), key);
		Demo.Response again = this.demo.call("POST", "/api/orders", token, Demo.order("tok_visa", "1 Main St"), key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
		awaitStatus(token, first.body().get("id").asString(), "SHIPPED");
		assertThat(this.demo.get("/api/orders", token).body()).hasSize(1);
	}

	@Test
	@Order(5)
	void sharesOneTraceAcrossGatewayOrdersUsersPaymentsAndShipping() {
		String token = this.demo.newUser();
		Demo.Response created = placeOrder(token, "tok_visa", "1 Main Street, Springfield");
		String traceId = created.header("X-Trace-Id");
		assertThat(traceId).hasSize(32);
		awaitStatus(token, created.body().get("id").asString(), "SHIPPED");

		Set<String> expected = Set.of("gateway", "orders", "users", "payments", "shipping");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Set<String> services = this.receiver.spans()
				.stream()
				.filter((span) -> span.traceId().equals(traceId))
				.map((span) -> span.resource().get("service.name"))
				.collect(Collectors.toSet());
			assertThat(services).containsAll(expected);
		});
	}

	@Test
	@Order(6)
	void rejectsRequestsWithoutATokenAndListsInvalidFields() {
		Demo.Response anonymous = this.demo.get("/api/orders", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.body().get("traceId").asString()).hasSize(32);

		String token = this.demo.newUser();
		Demo.Response invalid = this.demo.call("POST", "/api/orders", token,
				Map.of("items", List.of(), "paymentMethod", "", "shippingAddress", "x"), Map.of());
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
		assertThat(invalid.body().get("traceId").asString()).hasSize(32);
		List<String> fields = new ArrayList<>();
		invalid.body().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).contains("items", "paymentMethod");
	}

	@Test
	@Order(7)
	void neverReachesAServicesActuatorThroughTheGateway() {
		// With a valid token too: without one the gateway's own JWT filter answers 401 before any routing.
		String token = this.demo.newUser();
		for (String path : List.of("/api/users/../../actuator/prometheus", "/api/orders/%2e%2e/%2e%2e/actuator/env",
				"/api/orders/..;/..;/actuator/prometheus", "/api/payments/actuator/health", "/actuator/env")) {
			for (String authorization : new String[] { null, token }) {
				Demo.Response response = this.demo.get(path, authorization);
				assertThat(response.raw().body()).as(path)
					.doesNotContain("application=\"users\"", "application=\"orders\"", "application=\"payments\"")
					.doesNotContain("activeProfiles");
				assertThat(response.status()).as(path).isIn(400, 401, 403, 404);
			}
		}
	}

	@Test
	@Order(8)
	void limitsABurstFromOneUser() {
		String token = this.demo.newUser();
		Demo.Response limited = null;
		for (int i = 0; i < 300 && limited == null; i++) {
			Demo.Response response = this.demo.get("/api/orders", token);
			if (response.status() == 429) {
				limited = response;
			}
		}
		assertThat(limited).as("a 429 within 300 requests").isNotNull();
		assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
		assertThat(limited.body().get("traceId").asString()).hasSize(32);
		// Another user is not affected.
		assertThat(this.demo.get("/api/orders", this.demo.newUser()).status()).isEqualTo(200);
	}

	@Test
	@Order(100)
	void answersDetailsDegradedWhileShippingIsDown() throws Exception {
		this.services.remove("shipping").close();
		String token = this.demo.newUser();
		String id = placeOrder(token, "tok_visa", "1 Main Street, Springfield").body().get("id").asString();
		awaitStatus(token, id, "PAID");

		Demo.Response details = this.demo.get("/api/orders/" + id + "/details", token);
		assertThat(details.status()).isEqualTo(200);
		assertThat(details.body().get("order").get("status").asString()).isEqualTo("PAID");
		assertThat(details.body().get("payment").get("status").asString()).isEqualTo("COMPLETED");
		assertThat(details.body().get("shipment").isNull()).isTrue();
		assertThat(details.body().get("degraded")).extracting(JsonNode::asString).containsExactly("shipping");
	}

}
