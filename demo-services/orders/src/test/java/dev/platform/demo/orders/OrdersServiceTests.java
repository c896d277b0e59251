package dev.platform.demo.orders;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.platform.demo.testing.DeadLetters;
import dev.platform.demo.testing.FakeUsersService;
import dev.platform.events.EventConsumer;
import dev.platform.events.EventEnvelope;
import dev.platform.events.Events;
import dev.platform.test.FreePorts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The orders service on its own: its controllers over HTTP, its migrations, its consumer fed through the embedded
 * broker it hosts, and the customer cache while the (fake, but real HTTP) users service is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersServiceTests {

	private static final FakeUsersService users = start();

	private static final List<EventEnvelope> observed = new CopyOnWriteArrayList<>();

	// Non-ASCII written as JSON escapes, so that a lone surrogate reaches the service as such and not as UTF-8's '?'.
	private static final JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Events events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		int broker = freePort();
		registry.add("platform.events.embedded-broker.port", () -> broker);
		registry.add("spring.rabbitmq.port", () -> broker);
		registry.add("platform.security.jwt.jwks-uri", () -> users.url() + "/.well-known/jwks.json");
		registry.add("platform.clients.users.url", users::url);
		registry.add("platform.clients.users.retry.max-attempts", () -> 1);
		registry.add("platform.events.queues[orders-test.observer].bindings", () -> "order.created");
		registry.add("management.tracing.export.otlp.enabled", () -> false);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observer {

		@Bean
		EventConsumer observer() {
			return EventConsumer.of("orders-test.observer", (event) -> observed.add(event.envelope()));
		}

	}

	@AfterAll
	static void stopUsers() {
		users.close();
	}

	@Test
	void placesAnOrderAndPublishesOrderCreatedWithTheSameTransaction() {
		String token = users.tokenForNewUser();
		Response created = post(token, order("tok_visa", "1 Main St"), null);

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().get("status").asString()).isEqualTo("PENDING");
		assertThat(created.body().get("total").decimalValue()).isEqualByComparingTo("28.20");
		String id = created.body().get("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(observed).anySatisfy((event) -> {
				assertThat(event.type()).isEqualTo("order.created");
				assertThat(event.aggregateId()).isEqualTo(id);
				assertThat(event.source()).isEqualTo("orders");
				assertThat(event.payload().toString()).contains("\"paymentMethod\":\"tok_visa\"", "1 Main St");
			}));
		assertThat(get(token, "/api/orders").body()).hasSize(1);
	}

	@Test
	void listsTheCallersOrdersOnePageAtATimeWithTheirItems() {
		String token = users.tokenForNewUser();
		Set<String> placed = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			placed.add(post(token, order("tok_visa", "1 Main St"), null).body().get("id").asString());
		}
		post(users.tokenForNewUser(), order("tok_visa", "2 Side St"), null);

		Response first = get(token, "/api/orders?size=2");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).hasSize(2);
		assertThat(first.headers().firstValue("Link")).hasValue("</api/orders?page=1&size=2>; rel=\"next\"");
		Response second = get(token, "/api/orders?page=1&size=2");
		assertThat(second.body()).hasSize(1);
		assertThat(second.headers().firstValue("Link")).isEmpty();
		assertThat(get(token, "/api/orders?page=2&size=2").body()).isEmpty();

		Set<String> listed = new HashSet<>();
		for (JsonNode order : List.of(first.body().get(0), first.body().get(1), second.body().get(0))) {
			listed.add(order.get("id").asString());
			assertThat(order.get("items").findValuesAsString("sku")).containsExactly("BOOK-1", "PEN-7");
		}
		assertThat(listed).isEqualTo(placed);
		assertThat(get(token, "/api/orders").body()).hasSize(3);
	}

	@Test
	void refusesPagesItCannotServeNamingTheParameter() {
		String token = users.tokenForNewUser();
		for (String query : new String[] { "size=0", "size=101", "page=-1", "page=10001" }) {
			Response refused = get(token, "/api/orders?" + query);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.body().get("errors").findValuesAsString("parameter")).as(query)
				.containsExactly(query.substring(0, query.indexOf('=')));
			assertThat(refused.body().get("traceId").asString()).hasSize(32);
		}
		assertThat(get(token, "/api/orders?size=ten").status()).isEqualTo(400);
	}

	@Test
	void doesNotEchoAnOverlongIdInItsNotFound() {
		String id = "x".repeat(5000);
		Response missing = get(users.tokenForNewUser(), "/api/orders/" + id);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body().get("detail").asString()).isEqualTo("No such order.");
		// Short, but not an id: a caller's text is not repeated back as the service's word.
		assertThat(get(users.tokenForNewUser(), "/api/orders/Call%20555-0100%20now").body().get("detail").asString())
			.isEqualTo("No such order.");
		String uuid = "00000000-0000-0000-0000-000000000000";
		assertThat(get(users.tokenForNewUser(), "/api/orders/" + uuid).body().get("detail").asString())
			.isEqualTo("No order " + uuid + ".");
	}

	@Test
	void followsTheSagaEventsForwardOnly() {
		String token = users.tokenForNewUser();
		String paid = post(token, order("tok_visa", "1 Main St"), null).body().get("id").asString();
		String declined = post(token, order("tok_decline", "1 Main St"), null).body().get("id").asString();
		String refunded = post(token, order("tok_visa", "UNDELIVERABLE"), null).body().get("id").asString();

		this.events.publish("payment.completed", paid, Map.of("orderId", paid));
		this.events.publish("shipment.created", paid, Map.of("orderId", paid));
		this.events.publish("payment.failed", declined, Map.of("orderId", declined, "reason", "PAYMENT_DECLINED"));
		this.events.publish("payment.completed", refunded, Map.of("orderId", refunded));
		this.events.publish("payment.refunded", refunded, Map.of("orderId", refunded, "reason", "SHIPPING_FAILED"));

		awaitStatus(token, paid, "SHIPPED", null);
		awaitStatus(token, declined, "CANCELLED", "PAYMENT_DECLINED");
		awaitStatus(token, refunded, "CANCELLED", "SHIPPING_FAILED");

		// A late, repeated payment.completed (new event id, so not dropped as a duplicate) does not move it back.
		List<UUID> late = List.of(this.events.publish("payment.completed", paid, Map.of("orderId", paid)),
				this.events.publish("payment.completed", declined, Map.of("orderId", declined)),
				this.events.publish("shipment.created", declined, Map.of("orderId", declined)));
		// Consumed: each event's record is written in the transaction of its effects. (Another order's events are no
		// barrier: the relay keeps the order of each aggregate, not across them.)
		await().atMost(Duration.ofSeconds(30))
			.until(() -> late.stream()
				.allMatch((event) -> this.jdbc.sql("SELECT COUNT(*) FROM platform_processed_event WHERE event_id = ?")
					.param(event)
					.query(Integer.class)
					.single() > 0));
		assertThat(get(token, "/api/orders/" + paid).body().get("status").asString()).isEqualTo("SHIPPED");
		assertThat(get(token, "/api/orders/" + declined).body().get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void deadLettersAtOnceASagaEventForNoOrderOrWithoutOneOrOfAnotherVersion() {
		String token = users.tokenForNewUser();
		String placed = post(token, order("tok_visa", "1 Main St"), null).body().get("id").asString();
		UUID noSuchOrder = this.events.publish("payment.completed", "no-such-order",
				Map.of("orderId", "no-such-order"));
		UUID noOrderId = this.events.publish("payment.failed", placed, Map.of("reason", "PAYMENT_DECLINED"));
		UUID version2 = this.events.publish("payment.completed", 2, placed, Map.of("orderId", placed));

		Map<UUID, Message> dead = DeadLetters.await(this.rabbit, SagaEvents.QUEUE, noSuchOrder, noOrderId, version2);
		assertThat(dead.values()).allSatisfy((letter) -> assertThat(DeadLetters.attempts(letter)).isEqualTo(1));
		assertThat(DeadLetters.reason(dead.get(noSuchOrder)))
			.isEqualTo("payment.completed for order no-such-order, which this service does not have");
		assertThat(DeadLetters.reason(dead.get(noOrderId))).isEqualTo("payment.failed without an orderId");
		assertThat(DeadLetters.reason(dead.get(version2))).contains("version 2 is not a version this consumer reads");
		assertThat(get(token, "/api/orders/" + placed).body().get("status").asString()).isEqualTo("PENDING");
	}

	@Test
	void reportsTheAgeOfTheOldestUnfinishedOrderPerStatus() {
		String token = users.tokenForNewUser();
		String placed = post(token, order("tok_visa", "1 Main St"), null).body().get("id").asString();
		Gauge pending = this.registry.get("orders.unfinished.oldest.age").tag("status", "PENDING").gauge();
		assertThat(this.registry.get("orders.unfinished.oldest.age").tag("status", "PAID").gauge().getId()
			.getBaseUnit()).isEqualTo("seconds");
		// As if its payment had been lost an hour ago.
		this.jdbc.sql("UPDATE orders SET updated_at = ? WHERE id = ?")
			.params(java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))), placed)
			.update();
		assertThat(pending.value()).isBetween(3600.0, 3700.0);
		this.jdbc.sql("UPDATE orders SET status = 'CANCELLED' WHERE id = ?").param(placed).update();
		assertThat(pending.value()).isLessThan(3600.0);
	}

	@Test
	void takesTheCachedCustomerWhileUsersIsDown() {
		String known = users.tokenForNewUser();
		Response first = post(known, order("tok_visa", "1 Main St"), null);
		String name = first.body().get("customerName").asString();
		users.answer(503);
		try {
			Response second = post(known, order("tok_visa", "1 Main St"), null);
			assertThat(second.status()).isEqualTo(201);
			assertThat(second.body().get("customerName").asString()).isEqualTo(name);

			Response unknown = post(users.tokenForNewUser(), order("tok_visa", "1 Main St"), null);
			assertThat(unknown.status()).isEqualTo(503);
			assertThat(unknown.body().get("traceId").asString()).hasSize(32);
		}
		finally {
			users.answer(200);
		}
	}

	@Test
	void answersTheSameOrderForTheSameIdempotencyKeyAndCallsUsersOnce() {
		String token = users.tokenForNewUser();
		int callsBefore = users.userCalls();
		Response first = post(token, order("tok_visa", "1 Main St"), "key-1");
		Response again = post(token, order("tok_visa", "1 Main St"), "key-1");
		Response otherOrderSameKey = post(token, order("tok_visa", "2 Other St"), "key-1");
		Response otherKey = post(token, order("tok_visa", "1 Main St"), "key-2");
		Response otherUser = post(users.tokenForNewUser(), order("tok_visa", "1 Main St"), "key-1");

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
		// A different order under a used key is refused, not answered with the first order (which would lose it).
		assertThat(otherOrderSameKey.status()).isEqualTo(422);
		assertThat(otherOrderSameKey.body().get("title").asString()).isEqualTo("Idempotency-Key reused");
		assertThat(otherOrderSameKey.body().get("orderId").asString()).isEqualTo(first.body().get("id").asString());
		assertThat(otherOrderSameKey.body().get("traceId").asString()).hasSize(32);
		assertThat(otherKey.body().get("id").asString()).isNotEqualTo(first.body().get("id").asString());
		assertThat(otherUser.body().get("id").asString()).isNotEqualTo(first.body().get("id").asString());
		assertThat(users.userCalls() - callsBefore).isEqualTo(3);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE idempotency_key = 'key-1'").query(Integer.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aRetryAfterAPriceChangeGetsTheOrderAsItWasPlaced() {
		String token = users.tokenForNewUser();
		Response first = post(token, order("tok_visa", "1 Main St"), "price-key");
		assertThat(first.status()).isEqualTo(201);
		this.jdbc.sql("UPDATE products SET unit_price = 13.00 WHERE sku = 'BOOK-1'").update();
		try {
			// The same request (with the price the customer saw then), and the same without prices.
			Response again = post(token, order("tok_visa", "1 Main St"), "price-key");
			Response withoutPrices = post(token, Map.of("items", List.of(Map.of("sku", "BOOK-1", "quantity", 2),
					Map.of("sku", "PEN-7", "quantity", 1)), "paymentMethod", "tok_visa", "shippingAddress", "1 Main St"),
					"price-key");
			for (Response retry : List.of(again, withoutPrices)) {
				assertThat(retry.status()).isEqualTo(200);
				assertThat(retry.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
				assertThat(retry.body().get("total").decimalValue()).isEqualByComparingTo("28.20");
			}
			// A new order at the old price is refused: the price changed.
			assertThat(post(token, order("tok_visa", "1 Main St"), "price-key-2").status()).isEqualTo(409);
		}
		finally {
			this.jdbc.sql("UPDATE products SET unit_price = 12.50 WHERE sku = 'BOOK-1'").update();
		}
	}

	@Test
	void answersProblemsWithTraceIdsForInvalidOrdersAndOtherPeoplesOrders() {
		String token = users.tokenForNewUser();
		Response invalid = post(token, Map.of("items", List.of(Map.of("sku", "", "quantity", 0, "unitPrice", -1)),
				"paymentMethod", "", "shippingAddress", "x"), null);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body().get("traceId").asString()).hasSize(32);
		assertThat(invalid.body().get("errors").findValuesAsString("field")).contains("paymentMethod",
				"items[0].sku", "items[0].quantity", "items[0].unitPrice");

		String id = post(token, order("tok_visa", "1 Main St"), null).body().get("id").asString();
		Response foreign = get(users.tokenForNewUser(), "/api/orders/" + id);
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.body().get("traceId").asString()).hasSize(32);

		assertThat(get(null, "/api/orders").status()).isEqualTo(401);

		// Control characters, lone surrogates and bidirectional overrides would reach every service and log.
		Response unsafe = post(token, Map.of("items", List.of(Map.of("sku", "A\u0000B", "quantity", 1, "unitPrice", 1)),
				"paymentMethod", "tok_visa\u202E", "shippingAddress", "1 Main St \uDFFF"), null);
		assertThat(unsafe.status()).isEqualTo(400);
		assertThat(unsafe.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("items[0].sku",
				"paymentMethod", "shippingAddress");
	}

	@Test
	void refusesAnOrderWhoseTotalTheDatabaseCannotHoldOrAFractionalQuantity() {
		String token = users.tokenForNewUser();
		// Each item is valid on its own: 8 integer digits and at most 1000 pieces.
		Response tooLarge = post(token, Map.of("items", List.of(Map.of("sku", "GOLD", "quantity", 1000, "unitPrice",
				new BigDecimal("99999999.99"))), "paymentMethod", "tok_visa", "shippingAddress", "1 Main St"), null);
		assertThat(tooLarge.status()).isEqualTo(400);
		assertThat(tooLarge.body().get("title").asString()).isEqualTo("Order total too large");
		assertThat(tooLarge.body().get("traceId").asString()).hasSize(32);

		Response fractional = post(token, Map.of("items", List.of(Map.of("sku", "BOOK-1", "quantity", 2.5,
				"unitPrice", 10)), "paymentMethod", "tok_visa", "shippingAddress", "1 Main St"), null);
		assertThat(fractional.status()).isEqualTo(400);
		assertThat(fractional.body().get("detail").asString())
			.isEqualTo("The value of 'items[0].quantity' has the wrong type or form.");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE total > 1000000000 OR total = 20")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void pricesEveryItemFromTheCatalogNeverFromTheClient() {
		String token = users.tokenForNewUser();
		// The price the customer saw, changed since (or made up): refused, not charged.
		Response free = post(token, Map.of("items", List.of(Map.of("sku", "BOOK-1", "quantity", 1000, "unitPrice",
				new BigDecimal("0.00"))), "paymentMethod", "tok_visa", "shippingAddress", "1 Main St"), null);
		assertThat(free.status()).isEqualTo(409);
		assertThat(free.body().get("title").asString()).isEqualTo("Price changed");
		assertThat(free.body().get("field").asString()).isEqualTo("items[0].unitPrice");
		assertThat(free.body().get("unitPrice").decimalValue()).isEqualByComparingTo("12.50");

		Response unknown = post(token, Map.of("items", List.of(Map.of("sku", "DIAMOND", "quantity", 1)),
				"paymentMethod", "tok_visa", "shippingAddress", "1 Main St"), null);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body().get("errors").findValuesAsString("field")).containsExactly("items[0].sku");

		// Without a price: the catalog's.
		Response priced = post(token, Map.of("items", List.of(Map.of("sku", "BOOK-1", "quantity", 2),
				Map.of("sku", "MUG-3", "quantity", 1)), "paymentMethod", "tok_visa", "shippingAddress", "1 Main St"),
				null);
		assertThat(priced.status()).isEqualTo(201);
		assertThat(priced.body().get("total").decimalValue()).isEqualByComparingTo("33.90");
		assertThat(priced.body().get("items").findValues("unitPrice")).extracting(JsonNode::decimalValue)
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("12.50"), new BigDecimal("8.90"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE total = 0").query(Integer.class).single())
			.isZero();
	}

	@Test
	void answersForbiddenWhenUsersDoesNotKnowTheCaller() {
		for (int status : new int[] { 404, 401 }) {
			users.answer(status);
			try {
				Response unknown = post(users.tokenForNewUser(), order("tok_visa", "1 Main St"), null);
				assertThat(unknown.status()).isEqualTo(403);
				assertThat(unknown.body().get("title").asString()).isEqualTo("Unknown customer");
				assertThat(unknown.body().get("traceId").asString()).hasSize(32);
			}
			finally {
				users.answer(200);
			}
		}
	}

	@Test
	void migratesItsOwnSchemaAndTheEventsTables() {
		List<String> applied = this.jdbc.sql("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\"")
			.query(String.class)
			.list();
		assertThat(applied).contains("V1__orders.sql", "V2__orders_products.sql", "V3__orders_status_index.sql",
				"V4__orders_status_check.sql", "R__platform_events.sql");
		// A status the code does not know is refused by the table.
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("INSERT INTO orders (id, customer_id, customer_name, status, total,"
					+ " payment_method, shipping_address, created_at, updated_at) VALUES ('o-lost', 'c', 'C', 'LOST',"
					+ " 1.00, 'tok_visa', 'a', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").update());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM customer_cache").query(Integer.class).single()).isNotNull();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM platform_outbox").query(Integer.class).single()).isNotNull();
	}

	private void awaitStatus(String token, String id, String status, String reason) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode order = get(token, "/api/orders/" + id).body();
			assertThat(order.get("status").asString()).isEqualTo(status);
			if (reason != null) {
				assertThat(order.get("reason").asString()).isEqualTo(reason);
			}
		});
	}

	static Map<String, Object> order(String paymentMethod, String address) {
		return Map.of("items", List.of(Map.of("sku", "BOOK-1", "quantity", 2, "unitPrice", 12.5),
				Map.of("sku", "PEN-7", "quantity", 1, "unitPrice", 3.2)), "paymentMethod", paymentMethod,
				"shippingAddress", address);
	}

	record Response(int status, JsonNode body, HttpHeaders headers) {
	}

	private Response post(String token, Object body, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request, token);
	}

	private Response get(String token, String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET(), token);
	}

	private static Response send(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(),
					response.body().isBlank() ? json.nullNode() : json.readTree(response.body()), response.headers());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FakeUsersService start() {
		try {
			return new FakeUsersService("orders");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		return FreePorts.next();
	}

}
