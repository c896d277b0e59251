package dev.platform.demo.shipping;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.platform.demo.testing.DeadLetters;
import dev.platform.demo.testing.FakeUsersService;
import dev.platform.events.EventConsumer;
import dev.platform.events.EventEnvelope;
import dev.platform.events.Events;
import dev.platform.test.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
 * The shipping service on its own, with an embedded broker: events in (published here as orders and payments
 * would), events out (seen by an observer queue bound to {@code shipment.*}), the read API and the migrations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShippingServiceTests {

	private static final FakeUsersService users = start();

	private static final List<EventEnvelope> observed = new CopyOnWriteArrayList<>();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private Events events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private StalledOrders stalledOrders;

	@Autowired
	private RabbitTemplate rabbit;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		int broker = freePort();
		registry.add("platform.events.embedded-broker.enabled", () -> true);
		registry.add("platform.events.embedded-broker.port", () -> broker);
		registry.add("spring.rabbitmq.port", () -> broker);
		registry.add("platform.security.jwt.jwks-uri", () -> users.url() + "/.well-known/jwks.json");
		registry.add("platform.events.queues[shipping-test.observer].bindings", () -> "shipment.*");
		registry.add("management.tracing.export.otlp.enabled", () -> false);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observer {

		@Bean
		EventConsumer observer() {
			return EventConsumer.of("shipping-test.observer", (event) -> observed.add(event.envelope()));
		}

	}

	@AfterAll
	static void stopUsers() {
		users.close();
	}

	@Test
	void shipsAPaidOrderAndPublishesShipmentCreated() {
		String customer = UUID.randomUUID().toString();
		String order = paidOrder(customer, "1 Main St");

		assertThat(awaitEvent("shipment.created", order).payload().toString()).contains("TRK-");
		JsonNode shipments = get(users.token(customer), "/api/shipments?orderId=" + order);
		assertThat(shipments).hasSize(1);
		assertThat(shipments.get(0).get("status").asString()).isEqualTo("CREATED");
		assertThat(shipments.get(0).get("address").asString()).isEqualTo("1 Main St");
		assertThat(get(users.tokenForNewUser(), "/api/shipments?orderId=" + order)).isEmpty();
	}

	@Test
	void failsAnUndeliverableAddress() {
		String customer = UUID.randomUUID().toString();
		String order = paidOrder(customer, "7 undeliverable Road");

		assertThat(awaitEvent("shipment.failed", order).payload().toString()).contains("UNDELIVERABLE_ADDRESS");
		JsonNode shipment = get(users.token(customer), "/api/shipments?orderId=" + order).get(0);
		assertThat(shipment.get("status").asString()).isEqualTo("FAILED");
	}

	@Test
	void shipsNothingBeforePaymentAndOnceAfterARepeatedPayment() {
		String customer = UUID.randomUUID().toString();
		String unpaid = UUID.randomUUID().toString();
		UUID unpaidCreated = this.events.publish("order.created", unpaid, orderPayload(unpaid, customer, "1 Main St"));
		String order = paidOrder(customer, "1 Main St");
		UUID repeated = this.events.publish("payment.completed", order, Map.of("orderId", order));

		awaitEvent("shipment.created", order);
		// Both events have been consumed: the consumer records an event in the transaction of its effects, so
		// whatever they would have shipped (or published) is in the database by now. (Events of other orders are
		// no barrier: the relay keeps the order of each aggregate, not across them.)
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(unpaidCreated) && consumed(repeated));
		assertThat(get(users.token(customer), "/api/shipments?orderId=" + order)).hasSize(1);
		assertThat(published("shipment.created", order)).isOne();
		assertThat(get(users.token(customer), "/api/shipments?orderId=" + unpaid)).isEmpty();
		assertThat(published("shipment.created", unpaid) + published("shipment.failed", unpaid)).isZero();
	}

	@Test
	void shipsAnOrderWhosePaymentCameBeforeItsAddress() {
		String customer = UUID.randomUUID().toString();
		String order = UUID.randomUUID().toString();
		UUID payment = this.events.publish("payment.completed", order, Map.of("orderId", order, "amount", 28.20));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(payment));
		assertThat(published("shipment.created", order) + published("shipment.failed", order)).isZero();

		this.events.publish("order.created", order, orderPayload(order, customer, "1 Main St"));
		assertThat(awaitEvent("shipment.created", order).payload().toString()).contains("TRK-");
		assertThat(get(users.token(customer), "/api/shipments?orderId=" + order)).hasSize(1);
		assertThat(pendingCopies(order)).as("the order's copy, once shipped").isZero();
	}

	@Test
	void failsAnUndeliverableAddressThatCameAfterThePayment() {
		String customer = UUID.randomUUID().toString();
		String order = UUID.randomUUID().toString();
		UUID payment = this.events.publish("payment.completed", order, Map.of("orderId", order, "amount", 28.20));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(payment));
		this.events.publish("order.created", order, orderPayload(order, customer, "7 undeliverable Road"));
		assertThat(awaitEvent("shipment.failed", order).payload().toString()).contains("UNDELIVERABLE_ADDRESS");
	}

	@Test
	void eventsOfAnOrderRepeatedAfterItShippedChangeNothing() {
		String customer = UUID.randomUUID().toString();
		String order = paidOrder(customer, "1 Main St");
		awaitEvent("shipment.created", order);
		UUID address = this.events.publish("order.created", order, orderPayload(order, customer, "2 Other St"));
		UUID payment = this.events.publish("payment.completed", order, Map.of("orderId", order));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(address) && consumed(payment));
		JsonNode shipments = get(users.token(customer), "/api/shipments?orderId=" + order);
		assertThat(shipments).hasSize(1);
		assertThat(shipments.get(0).get("address").asString()).isEqualTo("1 Main St");
		assertThat(published("shipment.created", order)).isOne();
		assertThat(pendingCopies(order)).isZero();
	}

	@Test
	void forgetsTheAddressOfADeclinedOrder() {
		String customer = UUID.randomUUID().toString();
		String order = UUID.randomUUID().toString();
		this.events.publish("order.created", order, orderPayload(order, customer, "1 Main St"));
		UUID declined = this.events.publish("payment.failed", order,
				Map.of("orderId", order, "reason", "PAYMENT_DECLINED"));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(declined));
		assertThat(pendingCopies(order)).isZero();
		assertThat(published("shipment.created", order) + published("shipment.failed", order)).isZero();
	}

	@Test
	void failsTheShipmentOfAPaidOrderWhoseAddressNeverCameSoThatItIsRefunded() {
		String order = UUID.randomUUID().toString();
		UUID payment = this.events.publish("payment.completed", order, Map.of("orderId", order, "amount", 28.20));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(payment));
		// Within the wait (10 minutes by default) nothing happens.
		assertThat(this.stalledOrders.check(Instant.now().plus(Duration.ofMinutes(9)))).isZero();
		assertThat(pendingCopies(order)).isOne();

		assertThat(this.stalledOrders.check(Instant.now().plus(Duration.ofMinutes(11)))).isOne();
		assertThat(awaitEvent("shipment.failed", order).payload().toString()).contains("ADDRESS_NEVER_ARRIVED");
		assertThat(pendingCopies(order)).isZero();
		// Once: a second round finds nothing to give up.
		assertThat(this.stalledOrders.check(Instant.now().plus(Duration.ofMinutes(11)))).isZero();
		assertThat(published("shipment.failed", order)).isOne();
	}

	@Test
	void forgetsTheAddressesOfOrdersNeverPaid() {
		String order = UUID.randomUUID().toString();
		UUID created = this.events.publish("order.created", order,
				orderPayload(order, UUID.randomUUID().toString(), "1 Main St"));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumed(created));
		this.stalledOrders.check(Instant.now().plus(Duration.ofDays(6)));
		assertThat(pendingCopies(order)).isOne();
		this.stalledOrders.check(Instant.now().plus(Duration.ofDays(8)));
		assertThat(pendingCopies(order)).isZero();
		assertThat(published("shipment.failed", order)).isZero();
	}

	@Test
	void deadLettersAtOnceAnEventItCanNeverApply() {
		String order = UUID.randomUUID().toString();
		UUID noOrderId = this.events.publish("payment.completed", order, Map.of("amount", 28.20));
		UUID version2 = this.events.publish("payment.completed", 2, order, Map.of("orderId", order));
		Map<UUID, Message> dead = DeadLetters.await(this.rabbit, ShippingEvents.QUEUE, noOrderId, version2);
		assertThat(dead.values()).allSatisfy((letter) -> assertThat(DeadLetters.attempts(letter)).isEqualTo(1));
		assertThat(DeadLetters.reason(dead.get(noOrderId))).isEqualTo("payment.completed without an orderId");
		assertThat(DeadLetters.reason(dead.get(version2))).contains("version 2 is not a version this consumer reads");
		assertThat(consumed(noOrderId) || consumed(version2)).isFalse();
		assertThat(pendingCopies(order)).isZero();
	}

	private int pendingCopies(String order) {
		return this.jdbc.sql("SELECT COUNT(*) FROM order_addresses WHERE order_id = ?")
			.param(order)
			.query(Integer.class)
			.single();
	}

	private boolean consumed(UUID event) {
		return this.jdbc.sql("SELECT COUNT(*) FROM platform_processed_event WHERE event_id = ?")
			.param(event)
			.query(Integer.class)
			.single() > 0;
	}

	private int published(String type, String order) {
		return this.jdbc.sql("SELECT COUNT(*) FROM platform_outbox WHERE event_type = ? AND aggregate_id = ?")
			.param(type)
			.param(order)
			.query(Integer.class)
			.single();
	}

	@Test
	void migratesItsOwnSchemaAndTheEventsTables() {
		assertThat(this.jdbc.sql("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\"")
			.query(String.class)
			.list()).contains("V1__shipping.sql", "V2__shipping_paid_before_address.sql",
					"V3__shipments_status_check.sql", "R__platform_events.sql");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("INSERT INTO shipments (id, order_id, customer_id, address, status,"
					+ " created_at) VALUES ('s-lost', 'o-lost', 'c', 'a', 'LOST', CURRENT_TIMESTAMP)").update());
	}

	private String paidOrder(String customer, String address) {
		String order = UUID.randomUUID().toString();
		this.events.publish("order.created", order, orderPayload(order, customer, address));
		this.events.publish("payment.completed", order, Map.of("orderId", order, "amount", 28.20));
		return order;
	}

	private static Map<String, Object> orderPayload(String order, String customer, String address) {
		return Map.of("orderId", order, "customerId", customer, "total", 28.20, "paymentMethod", "tok_visa",
				"shippingAddress", address);
	}

	private static EventEnvelope awaitEvent(String type, String orderId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> observed.stream()
				.filter((e) -> e.type().equals(type) && e.aggregateId().equals(orderId))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
	}

	private JsonNode get(String token, String path) {
		HttpResponse<String> response = send(token, path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> send(String token, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void refusesAnOrderIdNoOrderCanHaveWithAProblemNamingIt() {
		// A NUL reached PostgreSQL, which refuses it in text: a 500 instead of a 400.
		for (String orderId : new String[] { "%00", "a%00b", "x".repeat(37) }) {
			HttpResponse<String> response = send(users.tokenForNewUser(), "/api/shipments?orderId=" + orderId);
			assertThat(response.statusCode()).as(orderId).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("orderId").doesNotContain("\\u0000");
		}
	}

	private static FakeUsersService start() {
		try {
			return new FakeUsersService("shipping");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		return FreePorts.next();
	}

}
