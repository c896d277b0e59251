package dev.platform.demo.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The payments service on its own, with an embedded broker: events in (published here as orders and shipping
 * would), events out (seen by an observer queue bound to {@code payment.*}), the read API and the migrations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentsServiceTests {

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
	private RabbitTemplate rabbit;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		int broker = freePort();
		registry.add("platform.events.embedded-broker.enabled", () -> true);
		registry.add("platform.events.embedded-broker.port", () -> broker);
		registry.add("spring.rabbitmq.port", () -> broker);
		registry.add("platform.security.jwt.jwks-uri", () -> users.url() + "/.well-known/jwks.json");
		registry.add("platform.events.queues[payments-test.observer].bindings", () -> "payment.*");
		registry.add("management.tracing.export.otlp.enabled", () -> false);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Observer {

		@Bean
		EventConsumer observer() {
			return EventConsumer.of("payments-test.observer", (event) -> observed.add(event.envelope()));
		}

	}

	@AfterAll
	static void stopUsers() {
		users.close();
	}

	@Test
	void chargesANewOrderAndPublishesPaymentCompleted() {
		String customer = UUID.randomUUID().toString();
		String order = orderCreated(customer, "tok_visa");

		EventEnvelope completed = awaitEvent("payment.completed", order);
		assertThat(completed.payload().toString()).contains("\"amount\":28.2");
		JsonNode payments = get(users.token(customer), "/api/payments?orderId=" + order);
		assertThat(payments).hasSize(1);
		assertThat(payments.get(0).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(get(users.tokenForNewUser(), "/api/payments?orderId=" + order)).isEmpty();
	}

	@Test
	void declinesTheDeclineToken() {
		String customer = UUID.randomUUID().toString();
		String order = orderCreated(customer, "tok_decline");

		assertThat(awaitEvent("payment.failed", order).payload().toString()).contains("PAYMENT_DECLINED");
		JsonNode payment = get(users.token(customer), "/api/payments?orderId=" + order).get(0);
		assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
	}

	@Test
	void refundsWhenTheShipmentFails() {
		String customer = UUID.randomUUID().toString();
		String order = orderCreated(customer, "tok_visa");
		awaitEvent("payment.completed", order);

		this.events.publish("shipment.failed", order, Map.of("orderId", order, "reason", "UNDELIVERABLE_ADDRESS"));

		assertThat(awaitEvent("payment.refunded", order).payload().toString()).contains("SHIPPING_FAILED");
		JsonNode payment = get(users.token(customer), "/api/payments?orderId=" + order).get(0);
		assertThat(payment.get("status").asString()).isEqualTo("REFUNDED");
	}

	@Test
	void deadLettersAtOnceARefundWithNothingToRefundAndAChargeItCannotMake() {
		String order = UUID.randomUUID().toString();
		UUID refundOfNothing = this.events.publish("shipment.failed", order,
				Map.of("orderId", order, "reason", "UNDELIVERABLE_ADDRESS"));
		UUID negative = this.events.publish("order.created", order, Map.of("orderId", order, "customerId",
				UUID.randomUUID().toString(), "total", -28.20, "paymentMethod", "tok_visa"));
		UUID noMethod = this.events.publish("order.created", order,
				Map.of("orderId", order, "customerId", UUID.randomUUID().toString(), "total", 28.20));
		UUID version2 = this.events.publish("order.created", 2, order, Map.of("orderId", order));

		Map<UUID, Message> dead = DeadLetters.await(this.rabbit, PaymentEvents.QUEUE, refundOfNothing, negative,
				noMethod, version2);
		assertThat(dead.values()).allSatisfy((letter) -> assertThat(DeadLetters.attempts(letter)).isEqualTo(1));
		assertThat(DeadLetters.reason(dead.get(refundOfNothing)))
			.isEqualTo("shipment.failed for order " + order + ", which has no payment here");
		assertThat(DeadLetters.reason(dead.get(negative))).contains("with a total of -28.2");
		assertThat(DeadLetters.reason(dead.get(noMethod))).contains("without an orderId, customerId, total or");
		assertThat(DeadLetters.reason(dead.get(version2))).contains("version 2 is not a version this consumer reads");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM payments WHERE order_id = ?").param(order).query(Integer.class)
			.single()).isZero();
	}

	@Test
	void chargesAnOrderOnceWhenOrderCreatedArrivesAgainUnderANewEventId() {
		String customer = UUID.randomUUID().toString();
		String order = orderCreated(customer, "tok_visa");
		UUID again = this.events.publish("order.created", order, orderPayload(order, customer, "tok_visa"));

		awaitEvent("payment.completed", order);
		// The repeated event has been consumed: its record is written in the transaction of its effects, so a second
		// charge (and its event) would be in the database by now. (Another order's events are no barrier: the relay
		// keeps the order of each aggregate, not across them.)
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM platform_processed_event WHERE event_id = ?")
				.param(again)
				.query(Integer.class)
				.single() > 0);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM payments WHERE order_id = ?").param(order)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM platform_outbox WHERE event_type = 'payment.completed' "
				+ "AND aggregate_id = ?").param(order).query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void migratesItsOwnSchemaAndTheEventsTables() {
		assertThat(this.jdbc.sql("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\"")
			.query(String.class)
			.list()).contains("V1__payments.sql", "V2__payments_status_check.sql", "R__platform_events.sql");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.jdbc.sql("INSERT INTO payments (id, order_id, customer_id, amount, payment_method,"
					+ " status, created_at, updated_at) VALUES ('p-lost', 'o-lost', 'c', 1.00, 'tok_visa', 'LOST',"
					+ " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").update());
	}

	private String orderCreated(String customer, String paymentMethod) {
		String order = UUID.randomUUID().toString();
		this.events.publish("order.created", order, orderPayload(order, customer, paymentMethod));
		return order;
	}

	private static Map<String, Object> orderPayload(String order, String customer, String paymentMethod) {
		return Map.of("orderId", order, "customerId", customer, "total", 28.20, "paymentMethod", paymentMethod,
				"shippingAddress", "1 Main St");
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
			HttpResponse<String> response = send(users.tokenForNewUser(), "/api/payments?orderId=" + orderId);
			assertThat(response.statusCode()).as(orderId).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("orderId").doesNotContain("\\u0000");
		}
	}

	private static FakeUsersService start() {
		try {
			return new FakeUsersService("payments");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		return FreePorts.next();
	}

}
