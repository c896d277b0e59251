package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EventTopology;
import dev.platform.events.consumer.IdempotentEventListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Publish-to-consume on the embedded Qpid broker and H2: the zero-install path the demo services run locally.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedBrokerEventsTests {

	private static ConfigurableApplicationContext context;

	private static JdbcTemplate jdbc;

	private static TransactionTemplate transactions;

	private static Events events;

	@BeforeAll
	static void startService() {
		context = EventsTestSupport.startOnEmbeddedBroker("platform.events.consumer.max-returns=" + MAX_RETURNS);
		jdbc = context.getBean(JdbcTemplate.class);
		transactions = context.getBean(TransactionTemplate.class);
		events = context.getBean(Events.class);
		// Two records of processed events, one past the retention (7 days), one within; the first delivery prunes.
		jdbc.update("INSERT INTO platform_processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)",
				EventsTestApplication.QUEUE, EXPIRED, java.time.OffsetDateTime.now().minusDays(8));
		jdbc.update("INSERT INTO platform_processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)",
				EventsTestApplication.QUEUE, RECENT, java.time.OffsetDateTime.now().minusDays(6));
	}

	private static final int MAX_RETURNS = 2;

	private static final UUID EXPIRED = UUID.randomUUID();

	private static final UUID RECENT = UUID.randomUUID();

	@AfterAll
	static void stopService() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void committedEventIsRelayedAndAppliedOnce() {
		UUID id = transactions.execute((status) -> events.publish("order.created", "order-1", Map.of("total", 42)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> jdbc.queryForObject("SELECT sent_at IS NOT NULL FROM platform_outbox WHERE event_id = ?",
					Boolean.class, id));
		assertThat(effects(id)).isEqualTo(1);
	}

	@Test
	void eventNoQueueTakesIsCountedAsUnroutableAndLoggedThoughMarkedSent(CapturedOutput output) {
		// "invoice.created" matches no binding ("order.*"): the broker confirms it and drops it.
		UUID id = transactions.execute(
				(status) -> events.publish("invoice.created", "invoice-1", Map.of("total", 42)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.queryForObject("SELECT sent_at IS NOT NULL FROM platform_outbox WHERE event_id = ?",
					Boolean.class, id));
		assertThat(context.getBean(MeterRegistry.class)
			.get("platform.events.unroutable")
			.tag("type", "invoice.created")
			.counter()
			.count()).isEqualTo(1);
		assertThat(output).contains("No queue is bound to exchange 'platform.events' for events of type "
				+ "'invoice.created', so the broker dropped event " + id);
		// Routed events are not counted.
		UUID routed = transactions.execute((status) -> events.publish("order.created", "order-routed", Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(routed) == 1);
		assertThat(context.getBean(MeterRegistry.class).find("platform.events.unroutable").tag("type",
				"order.created").counter()).isNull();
	}

	@Test
	void confirmedSendThatNoQueueTakesFailsInsteadOfReportingSuccess() {
		ConfirmingSender sender = context.getBean(ConfirmingSender.class);
		org.springframework.amqp.core.MessageProperties properties = new org.springframework.amqp.core.MessageProperties();
		properties.setMessageId(UUID.randomUUID().toString());
		Message message = new Message("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), properties);
		// What dead-lettering relies on: a dead letter no queue takes must not let the original be acknowledged.
		assertThatExceptionOfType(ConfirmingSender.UnroutableException.class)
			.isThrownBy(() -> sender.send("platform.events.dlx", "no-such-queue", message, Duration.ofSeconds(10)))
			.withMessageContaining("No queue is bound to exchange 'platform.events.dlx' for routing key "
					+ "'no-such-queue'");
		sender.send("platform.events.dlx", EventsTestApplication.QUEUE, message, Duration.ofSeconds(10));
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE)),
					(dead) -> dead != null && properties.getMessageId().equals(dead.getMessageProperties().getMessageId()));
		// The application's own template stays as it was: not mandatory.
		assertThat(context.getBean(RabbitTemplate.class).isMandatoryFor(message)).isFalse();
	}

	@Test
	void rolledBackTransactionLeavesNoEvent() {
		UUID id = transactions.execute((status) -> {
			UUID published = events.publish("order.created", "order-2", Map.of("total", 1));
			status.setRollbackOnly();
			return published;
		});
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_outbox WHERE event_id = ?", Integer.class, id))
			.isZero();
	}

	@Test
	void redeliveredEventIsNotAppliedAgain() {
		UUID id = transactions.execute((status) -> events.publish("order.paid", "order-3", Map.of("total", 7)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		double duplicatesBefore = consumed("order.paid", "duplicate");
		// The broker delivering the same message again, as it does after a lost acknowledgement.
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		Message copy = context.getBean(dev.platform.events.amqp.EnvelopeCodec.class)
			.toMessage(envelopeOf(id), null);
		rabbit.send("platform.events", "order.paid", copy);
		await().atMost(Duration.ofSeconds(20)).until(() -> consumed("order.paid", "duplicate") > duplicatesBefore);
		assertThat(effects(id)).isEqualTo(1);
	}

	@Test
	void consumerJoinsTheTraceOfTheProducingRequest() {
		Tracer tracer = context.getBean(Tracer.class);
		Span request = tracer.nextSpan().name("POST /orders").start();
		UUID id;
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			id = transactions.execute((status) -> events.publish("order.created", "order-4", Map.of("total", 3)));
		}
		finally {
			request.end();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		String consumerTraceId = jdbc.queryForObject("SELECT trace_id FROM test_effect WHERE event_id = ?",
				String.class, id);
		assertThat(consumerTraceId).isEqualTo(request.context().traceId());
		assertThat(jdbc.queryForObject("SELECT traceparent FROM platform_outbox WHERE event_id = ?", String.class, id))
			.startsWith("00-" + request.context().traceId() + "-" + request.context().spanId());
	}

	@Test
	void poisonEventEndsInDeadLetterQueueWithTheFailureReason(CapturedOutput output) {
		UUID id = transactions.execute((status) -> events.publish("order.created", "order-5", Map.of("poison", true)));
		Message dead = deadLetter(id.toString());
		Map<String, Object> headers = dead.getMessageProperties().getHeaders();
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(id.toString());
		assertThat(headers.get(IdempotentEventListener.FAILURE_REASON_HEADER).toString())
			.contains("cannot apply poison event " + id);
		assertThat(headers.get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
			.isEqualTo(IllegalArgumentException.class.getName());
		assertThat(headers.get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(3);
		assertThat(effects(id)).isZero();
		assertThat(consumed("order.created", "dead_lettered")).isGreaterThanOrEqualTo(1);
		// The ERROR line carries the handler's stack trace, where an operator starts.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut().lines()
				.filter((line) -> line.contains("Dead-lettering event " + id)))
				.singleElement()
				.asString()
				.contains("\"stack_trace\"")
				.contains("IllegalArgumentException"));
		// The first attempt's WARN has the stack trace too; the next ones, failing the same way, only the message.
		assertThat(output.getOut().lines().filter((line) -> line.contains("Attempt 1/3 of event " + id)))
			.singleElement()
			.asString()
			.contains("\"stack_trace\"")
			.contains("EventsTestApplication");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Attempt 2/3 of event " + id)))
			.singleElement()
			.asString()
			.contains("cannot apply poison event")
			.doesNotContain("\"stack_trace\"");
	}

	@Test
	void unprocessableEventsAreDeadLetteredAtTheirFirstAttempt(CapturedOutput output) {
		// The handler refuses it itself, a version it does not read, a payload that is not its type.
		UUID refused = transactions
			.execute((status) -> events.publish("order.created", "order-15", Map.of("refersTo", "o-404")));
		UUID version2 = transactions.execute((status) -> events.publish("order.created", 2, "order-16", Map.of()));
		UUID notAnObject = transactions.execute((status) -> events.publish("order.created", "order-17", List.of(1)));
		Map<UUID, String> reasons = Map.of(refused, "no order o-404 to apply it to", version2,
				"order.created version 2 is not a version this consumer reads [1]", notAnObject,
				"Payload of order.created version 1 does not map to Map");
		// Drained into a map: receiving one dead letter at a time would drop the others on the way.
		Map<String, Message> dead = new java.util.HashMap<>();
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(AmqpException.class).until(() -> {
			Message message = rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE));
			if (message != null) {
				dead.put(message.getMessageProperties().getMessageId(), message);
			}
			return reasons.keySet().stream().allMatch((id) -> dead.containsKey(id.toString()));
		});
		reasons.forEach((id, reason) -> {
			Map<String, Object> headers = dead.get(id.toString()).getMessageProperties().getHeaders();
			assertThat(headers.get(IdempotentEventListener.FAILURE_REASON_HEADER)).asString().contains(reason);
			assertThat(headers.get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
				.isEqualTo(UnprocessableEventException.class.getName());
			assertThat(headers.get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(1);
			assertThat(effects(id)).isZero();
			assertThat(output.getOut()).doesNotContain("Attempt 1/3 of event " + id)
				.contains("Dead-lettering event " + id + " (order.created) from " + EventsTestApplication.QUEUE
						+ " at attempt 1, unprocessable");
		});
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_processed_event WHERE event_id IN (?, ?, ?)",
				Integer.class, refused, version2, notAnObject)).isZero();
	}

	@Test
	void deadLetterFailureReasonIsMaskedLikeTheLogsAndBounded() {
		String failure = "login failed: password=hunter2, token: s3cr3t, card 4111 1111 1111 1111 " + "x".repeat(2000);
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-14", Map.of("failWith", failure)));
		Map<String, Object> headers = deadLetter(id.toString()).getMessageProperties().getHeaders();
		assertThat(headers.get(IdempotentEventListener.FAILURE_REASON_HEADER)).asString()
			.startsWith("login failed: password=****, token: ****, card **** xxx")
			.doesNotContain("hunter2")
			.doesNotContain("s3cr3t")
			.doesNotContain("4111")
			.hasSize(1000);
		assertThat(headers.get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
			.isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void deadLetterReachesADeadLetterQueueDeletedWhileTheServiceRuns() {
		String deadLetterQueue = EventTopology.deadLetterQueue(EventsTestApplication.QUEUE);
		// An operator "clears" the dead-letter queue by deleting it; nothing declares it again until a reconnect.
		context.getBean(AmqpAdmin.class).deleteQueue(deadLetterQueue);
		UUID id = transactions.execute((status) -> events.publish("order.created", "order-dlq", Map.of("poison", true)));
		Message dead = deadLetter(id.toString());
		assertThat(dead.getMessageProperties().getHeaders().get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(3);
		assertThat(effects(id)).isZero();
	}

	@Test
	void eventsOfOneAggregateAreAppliedInTheOrderTheyWereRecorded() {
		List<UUID> ids = transactions.execute((status) -> {
			List<UUID> published = new ArrayList<>();
			for (int i = 0; i < 120; i++) {
				published.add(events.publish("order.updated", "ordered-" + (i % 4), Map.of("step", i)));
			}
			return published;
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch((id) -> effects(id) == 1));
		for (int aggregate = 0; aggregate < 4; aggregate++) {
			List<String> recorded = jdbc.queryForList(
					"SELECT CAST(event_id AS VARCHAR) FROM platform_outbox WHERE aggregate_id = ? ORDER BY seq",
					String.class, "ordered-" + aggregate);
			List<String> applied = jdbc.queryForList(
					"SELECT CAST(event_id AS VARCHAR) FROM test_effect WHERE aggregate_id = ? ORDER BY id", String.class,
					"ordered-" + aggregate);
			assertThat(applied).hasSize(30).isEqualTo(recorded);
		}
	}

	@Test
	void databaseOutageReturnsTheMessageToTheQueueInsteadOfDeadLetteringIt() {
		// Three attempts per delivery: the first delivery fails throughout, the redelivery succeeds on its second.
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-6", Map.of("databaseDownForCalls", 4)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		assertThat(EventsTestApplication.CALLS.get(id)).hasValue(5);
		assertThat(deadLetterIds()).doesNotContain(id.toString());
	}

	@Test
	void handlerFailingOnTheDatabaseOnEveryDeliveryIsDeadLetteredAfterMaxReturns() {
		// Every attempt writes the record of the event before the handler throws (and rolls back with it), so the
		// consumer's database is up and the returns count: three deliveries (the original and two returned copies)
		// of three attempts.
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-12", Map.of("databaseDownForCalls", 99)));
		Map<String, Object> headers = deadLetter(id.toString()).getMessageProperties().getHeaders();
		assertThat(headers.get(IdempotentEventListener.RETURNS_HEADER)).isEqualTo(MAX_RETURNS);
		assertThat(headers.get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
			.isEqualTo(org.springframework.dao.DataAccessResourceFailureException.class.getName());
		assertThat(headers.get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(3);
		assertThat(EventsTestApplication.CALLS.get(id)).hasValue(3 * (1 + MAX_RETURNS));
		assertThat(effects(id)).isZero();
		assertThat(consumed("order.created", "returned")).isGreaterThanOrEqualTo(MAX_RETURNS);
	}

	@Test
	void consumerDatabaseDownIsWaitedForWithoutCountingReturns() {
		// Four deliveries of three attempts find the consumer's database down: more returns than max-returns allows
		// for a handler's failures, but these say nothing about the event, which is applied once the database is back.
		int deliveriesFailing = MAX_RETURNS + 2;
		double returnedBefore = consumed("order.created", "returned");
		EventsTestApplication.CONSUMER_CONNECTIONS_TO_FAIL.set(3 * deliveriesFailing);
		UUID id = transactions.execute((status) -> events.publish("order.created", "order-13", Map.of("total", 13)));
		await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
		assertThat(EventsTestApplication.CONSUMER_CONNECTIONS_TO_FAIL).hasValue(0);
		assertThat(consumed("order.created", "returned") - returnedBefore).isEqualTo(deliveriesFailing);
		assertThat(deadLetterIds()).doesNotContain(id.toString());
	}

	@Test
	void handlerErrorCountsAsAFailedAttemptAndNeverLeavesTheMessageUnacknowledged() {
		// An Error, not an Exception, on the first two calls: the third attempt of the same delivery applies it.
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-8", Map.of("errorForCalls", 2)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		assertThat(EventsTestApplication.CALLS.get(id)).hasValue(3);
		assertThat(deadLetterIds()).doesNotContain(id.toString());
	}

	@Test
	void handlerStackOverflowCountsAsAFailedAttempt() {
		// Caught once the stack has unwound: retried like any error, the process keeps running.
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-9", Map.of("stackOverflowForCalls", 2)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		assertThat(EventsTestApplication.CALLS.get(id)).hasValue(3);
	}

	@Test
	void handlerStackOverflowOnEveryAttemptDeadLettersTheEvent() {
		UUID id = transactions
			.execute((status) -> events.publish("order.created", "order-11", Map.of("stackOverflowForCalls", 99)));
		Message dead = deadLetter(id.toString());
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(id.toString());
		assertThat(dead.getMessageProperties().getHeaders().get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
			.isEqualTo(StackOverflowError.class.getName());
		assertThat(effects(id)).isZero();
	}

	@Test
	void recordsOfProcessedEventsAreDeletedAfterTheRetention() {
		UUID id = transactions.execute((status) -> events.publish("order.created", "order-10", Map.of("total", 1)));
		await().atMost(Duration.ofSeconds(20)).until(() -> effects(id) == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> processedRecords(EXPIRED) == 0);
		assertThat(processedRecords(RECENT)).isOne();
		assertThat(processedRecords(id)).isOne();
	}

	/**
	 * The dead letter with this message id, skipping any other that an earlier test left in the queue. Receiving
	 * fails while the dead-letter queue does not exist (a test deletes it; the listener declares it again when it
	 * dead-letters), so a failed receive is polled again like an empty one.
	 */
	private static Message deadLetter(String messageId) {
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		return await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(AmqpException.class)
			.until(() -> rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE)),
					(message) -> message != null && messageId.equals(message.getMessageProperties().getMessageId()));
	}

	/**
	 * The message ids now in the dead-letter queue, which this drains. Tests that expect no dead letter look for
	 * their own id only, so one left by another test (or a test that failed) does not fail them too.
	 */
	private static List<String> deadLetterIds() {
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		List<String> ids = new ArrayList<>();
		Message message;
		while ((message = rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE))) != null) {
			ids.add(message.getMessageProperties().getMessageId());
		}
		return ids;
	}

	private static int processedRecords(UUID eventId) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM platform_processed_event WHERE event_id = ?", Integer.class,
				eventId);
	}

	@Test
	void unreadableMessageGoesStraightToTheDeadLetterQueue() {
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		org.springframework.amqp.core.MessageProperties properties = new org.springframework.amqp.core.MessageProperties();
		properties.setMessageId("not-an-envelope");
		rabbit.send("platform.events", "order.garbage", new Message("{not json".getBytes(), properties));
		Message dead = deadLetter("not-an-envelope");
		assertThat(dead.getMessageProperties().getMessageId()).isEqualTo("not-an-envelope");
		assertThat(dead.getMessageProperties().getHeaders().get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(1);
		assertThat(dead.getMessageProperties().getHeaders().get(IdempotentEventListener.FAILURE_REASON_HEADER))
			.asString()
			.contains("not JSON");
	}

	@Test
	void outboxGaugesReportTheBacklog() {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> registry.get("platform.events.outbox.backlog").gauge().value() == 0);
		assertThat(registry.get("platform.events.outbox.oldest.age").gauge().getId().getBaseUnit())
			.isEqualTo("seconds");
	}

	private static EventEnvelope envelopeOf(UUID id) {
		return jdbc.queryForObject("SELECT * FROM platform_outbox WHERE event_id = ?",
				(rs, rowNum) -> new EventEnvelope(id, rs.getString("event_type"), rs.getInt("event_version"),
						rs.getObject("occurred_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("source"),
						rs.getString("aggregate_id"), rs.getString("traceparent"), rs.getString("payload")),
				id);
	}

	private static int effects(UUID id) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM test_effect WHERE event_id = ?", Integer.class, id);
	}

	private static double consumed(String type, String outcome) {
		var counter = context.getBean(MeterRegistry.class)
			.find("platform.events.consumed")
			.tags("type", type, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
