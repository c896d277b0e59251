package dev.platform.events.outbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.platform.events.EventEnvelope;
import dev.platform.events.EventsH2;
import dev.platform.events.EventsSchema;
import dev.platform.events.PlatformEventsProperties;
import dev.platform.events.ReceivedEvent;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.TraceContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The relay against failures a real broker or database cannot be made to produce on demand without disturbing
 * every other test on them: a broker that accepts messages but confirms none (a RabbitMQ memory or disk alarm
 * blocks publishers this way), a round that ends in an {@link Error}, and the outbox table dropped while the relay
 * runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayTests {

	private static final int AGGREGATES = 40;

	private static final Duration CONFIRM_TIMEOUT = Duration.ofMillis(300);

	private final DriverManagerDataSource dataSource = EventsH2.withSchema("relay");

	@Test
	void aRoundWaitsOneConfirmTimeoutForAllItsRowsTogether() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		for (int i = 0; i < AGGREGATES; i++) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "order-" + i, null, "{}"));
		}
		PlatformEventsProperties properties = new PlatformEventsProperties();
		properties.getRelay().setConfirmTimeout(CONFIRM_TIMEOUT);
		OutboxRelay relay = relay(outbox, new NeverConfirmingTemplate(), properties);
		// Waiting per row would take 40 x 300 ms = 12 s; the bound only tells that apart, it measures no speed.
		OutboxRelay.Round round = assertTimeoutPreemptively(CONFIRM_TIMEOUT.multipliedBy(AGGREGATES / 3),
				relay::relayOnce);
		assertThat(round).isEqualTo(new OutboxRelay.Round(AGGREGATES, 0, AGGREGATES, AGGREGATES));
		assertThat(outbox.stats(Instant.now()).backlog()).isEqualTo(AGGREGATES);
	}

	@Test
	void keepsRelayingAfterARoundEndsInAnError() {
		AtomicInteger rounds = new AtomicInteger();
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)) {

			@Override
			public <T> @Nullable T execute(TransactionCallback<T> action) {
				if (rounds.incrementAndGet() == 1) {
					throw new NoClassDefFoundError("simulated linkage failure in the first round");
				}
				return super.execute(action);
			}

		};
		OutboxRelay relay = new OutboxRelay(new JdbcOutbox(new JdbcTemplate(this.dataSource)), transactions,
				new ConfirmingSender(new NeverConfirmingTemplate()), new EnvelopeCodec(JsonMapper.builder().build()),
				TraceContexts.none(), new PlatformEventsProperties(), null, Clock.systemUTC());
		relay.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() >= 3);
		}
		finally {
			relay.stop();
		}
	}

	@Test
	void decimalsReachTheConsumerAsTheyWereRecorded() {
		JsonMapper mapper = JsonMapper.builder().build();
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		OutboxEvents events = new OutboxEvents(outbox, mapper, TraceContexts.none(), "orders", () -> {
		}, Clock.systemUTC());
		Amounts amounts = new Amounts(new BigDecimal("12345678901234567.89"), new BigDecimal("1.234567890123456789"),
				new BigDecimal("10.50"), new BigInteger("123456789012345678901234567890"));
		events.publish("order.created", "order-1", amounts);
		AckingTemplate template = new AckingTemplate();
		EnvelopeCodec codec = new EnvelopeCodec(mapper);
		OutboxRelay relay = new OutboxRelay(outbox,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				new ConfirmingSender(template), codec, TraceContexts.none(), new PlatformEventsProperties(), null,
				Clock.systemUTC());
		assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.Round(1, 1, 0, 0));
		EventEnvelope received = codec.fromMessage(template.sent.get(0));
		assertThat(received.payload()).contains("12345678901234567.89", "1.234567890123456789", "10.50",
				"123456789012345678901234567890");
		assertThat(new ReceivedEvent(received, 1, mapper).payload(Amounts.class)).isEqualTo(amounts);
	}

	@Test
	void deletesRowsSentLongerAgoThanTheRetentionWhileItRuns() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		for (String aggregate : List.of("order-old", "order-recent")) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", aggregate, null, "{}"));
		}
		List<OutboxRow> rows = outbox.lockUnsent(10);
		outbox.markSent(List.of(rows.get(0).seq()), Instant.now().minus(8, ChronoUnit.DAYS));
		outbox.markSent(List.of(rows.get(1).seq()), Instant.now());
		OutboxRelay relay = relay(outbox, new AckingTemplate(), new PlatformEventsProperties());
		relay.start();
		try {
			// The retention is 7 days: the row sent 8 days ago goes, the one sent now stays.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> new JdbcTemplate(this.dataSource).queryForList("SELECT seq FROM platform_outbox", Long.class),
						(left) -> left.equals(List.of(rows.get(1).seq())));
		}
		finally {
			relay.stop();
		}
	}

	@Test
	void refusesAPayloadNoConsumerCouldReadAndRecordsNothing() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		OutboxEvents events = new OutboxEvents(outbox, JsonMapper.builder().build(), TraceContexts.none(), "orders",
				() -> {
				}, Clock.systemUTC());
		// Jackson writes any BigInteger but reads numbers of at most 1000 digits.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> events.publish("order.created", "order-1", Map.of("n", new BigInteger("9".repeat(1001)))))
			.withMessageContaining("cannot be read back");
		// Nested as deep as Jackson reads, but one level deeper inside the envelope: no consumer could read it.
		Object nested = Map.of();
		for (int depth = 1; depth < 500; depth++) {
			nested = List.of(nested);
		}
		Object deepest = nested;
		assertThatIllegalArgumentException().isThrownBy(() -> events.publish("order.created", "order-2", deepest))
			.withMessageContaining("cannot be read back");
		// 200 characters, 400 bytes in UTF-8: more than an AMQP routing key holds, so the relay could never send it.
		assertThatIllegalArgumentException().isThrownBy(() -> events.publish("é".repeat(200), "order-3", Map.of()))
			.withMessage("type must be at most 255 bytes in UTF-8 (an AMQP routing key)");
		assertThatIllegalArgumentException().isThrownBy(() -> events.publish("order.created", "o".repeat(256), Map.of()))
			.withMessage("aggregateId must be at most 255 characters (the outbox column)");
		assertThat(outbox.stats(Instant.now()).backlog()).isZero();
	}

	@Test
	void onlyAFailureOfTheConnectionEndsARound() {
		assertThat(OutboxRelay.isConnectionFailure(new org.springframework.amqp.AmqpConnectException(
				new java.net.ConnectException("refused")))).isTrue();
		assertThat(OutboxRelay.isConnectionFailure(new org.springframework.amqp.UncategorizedAmqpException(
				new com.rabbitmq.client.ShutdownSignalException(true, false, null, null)))).isTrue();
		// What the AMQP client throws for a routing key over 255 bytes: this row's, not the connection's.
		assertThat(OutboxRelay.isConnectionFailure(new org.springframework.amqp.UncategorizedAmqpException(
				new IllegalArgumentException("Short string too long; utf-8 encoded length = 400, max = 255."))))
			.isFalse();
	}

	@Test
	void aRowThatCannotBeEncodedHoldsBackOnlyItsOwnAggregate() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		// An AMQP timestamp is a java.util.Date: an occurrence 300 million years ahead (written by hand, the
		// publishing side cannot record it) has no milliseconds to give.
		new JdbcTemplate(this.dataSource).update("INSERT INTO platform_outbox (event_id, event_type, event_version, "
				+ "aggregate_id, occurred_at, source, payload) VALUES (?, 'order.created', 1, 'stuck', "
				+ "TIMESTAMP WITH TIME ZONE '300000000-01-01 00:00:00+00', 'orders', '{}')", UUID.randomUUID());
		for (int i = 0; i < 5; i++) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "order-" + i, null, "{}"));
		}
		AckingTemplate template = new AckingTemplate();
		OutboxRelay relay = relay(outbox, template, new PlatformEventsProperties());
		assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.Round(6, 5, 1, 0));
		assertThat(template.sent).hasSize(5);
		assertThat(new JdbcTemplate(this.dataSource).queryForList(
				"SELECT aggregate_id FROM platform_outbox WHERE sent_at IS NULL AND attempts = 1", String.class))
			.containsExactly("stuck");
	}

	@Test
	void aRowTheBrokerKeepsRefusingDoesNotSlowOtherAggregatesToTheBackoff() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
				Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "refused", null, "{}"));
		for (int i = 0; i < 10; i++) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.updated", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "busy", null, "{\"step\":" + i + "}"));
		}
		AckingTemplate template = new AckingTemplate();
		template.refusedAggregate = "refused";
		// A backoff after every round with a failure would take 10 x 5 s for the busy aggregate's rows.
		OutboxRelay relay = relay(outbox, template, fiveSecondBackoff());
		relay.start();
		try {
			await().atMost(Duration.ofSeconds(4)).until(() -> template.sent.size() == 10);
		}
		finally {
			relay.stop();
		}
		assertThat(template.sent).extracting((message) -> message.getMessageProperties()
			.getHeader(EnvelopeCodec.AGGREGATE_ID_HEADER)).containsOnly("busy");
	}

	@Test
	void anEventCommittedWhileARefusedRowIsBackedOffGoesOutAtOnce() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
				Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "refused", null, "{}"));
		AckingTemplate template = new AckingTemplate();
		template.refusedAggregate = "refused";
		OutboxRelay relay = relay(outbox, template, fiveSecondBackoff());
		relay.start();
		try {
			// The refused row's round has failed and the relay is in its 5 s backoff.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> new JdbcTemplate(this.dataSource).queryForObject(
						"SELECT attempts FROM platform_outbox WHERE aggregate_id = 'refused'", Integer.class) > 0);
			// A commit on a quiet service: its wake-up must not wait for the refused row's backoff.
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "other", null, "{}"));
			relay.wakeUp();
			await().atMost(Duration.ofSeconds(2)).until(() -> template.sent.size() == 1);
		}
		finally {
			relay.stop();
		}
		assertThat(template.sent.get(0).getMessageProperties().<String>getHeader(EnvelopeCodec.AGGREGATE_ID_HEADER))
			.isEqualTo("other");
	}

	@Test
	void noRoundStartsWhileTheBrokerBlocksPublishing() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		AckingTemplate template = new AckingTemplate();
		OutboxRelay relay = relay(outbox, template, new PlatformEventsProperties());
		relay.brokerBlocked("low on memory");
		relay.start();
		try {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "waiting", null, "{}"));
			relay.wakeUp();
			// Nothing goes out for a second after the wake-up (a round would take milliseconds).
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(template.sent::isEmpty);
			assertThat(outbox.stats(Instant.now()).backlog()).isOne();
			relay.brokerUnblocked();
			await().atMost(Duration.ofSeconds(5)).until(() -> template.sent.size() == 1);
		}
		finally {
			relay.stop();
		}
	}

	@Test
	void moreRowsTheBrokerKeepsRefusingThanABatchHoldsDoNotStopTheOtherAggregates() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		PlatformEventsProperties properties = new PlatformEventsProperties();
		properties.getRelay().setBatchSize(20);
		// A release that published events the broker refuses, for more aggregates than a batch holds, then a
		// good one.
		for (int i = 0; i < 30; i++) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "refused-" + i, null, "{}"));
		}
		outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
				Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "good", null, "{}"));
		AckingTemplate template = new AckingTemplate();
		template.refusedAggregate = "refused-";
		OutboxRelay relay = relay(outbox, template, properties);
		// The oldest 20 rows are all refused; before, every round read those same 20 and nothing else was ever sent.
		assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.Round(20, 0, 20, 0));
		assertThat(relay.relayOnce()).isEqualTo(new OutboxRelay.Round(20, 1, 19, 0));
		assertThat(template.sent).extracting((message) -> message.getMessageProperties()
			.getHeader(EnvelopeCodec.AGGREGATE_ID_HEADER)).containsExactly("good");
	}

	@Test
	void aMissingOutboxTableIsReportedWithTheSchemaScript(CapturedOutput output) {
		new JdbcTemplate(this.dataSource).execute("DROP TABLE platform_outbox");
		OutboxRelay relay = relay(new JdbcOutbox(new JdbcTemplate(this.dataSource)), new AckingTemplate(),
				new PlatformEventsProperties());
		relay.start();
		try {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> output.getOut().contains("Outbox relay round failed: table platform_outbox is missing"));
		}
		finally {
			relay.stop();
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("table platform_outbox is missing")))
			.first()
			.asString()
			.contains("ERROR")
			.contains(EventsSchema.SCRIPT)
			.contains("PLATFORM_OUTBOX");
	}

	private static PlatformEventsProperties fiveSecondBackoff() {
		PlatformEventsProperties properties = new PlatformEventsProperties();
		properties.getRelay().setInitialBackoff(Duration.ofSeconds(5));
		properties.getRelay().setMaxBackoff(Duration.ofSeconds(5));
		return properties;
	}

	record Amounts(BigDecimal large, BigDecimal precise, BigDecimal cents, BigInteger huge) {
	}

	static final class AckingTemplate extends RabbitTemplate {

		final List<Message> sent = new CopyOnWriteArrayList<>();

		volatile @Nullable String refusedAggregate;

		@Override
		public void send(String exchange, String routingKey, Message message,
				@Nullable CorrelationData correlationData) {
			// Refuses the aggregate named, or every aggregate whose name starts with it.
			String refused = this.refusedAggregate;
			boolean ack = refused == null || !message.getMessageProperties()
				.<String>getHeader(EnvelopeCodec.AGGREGATE_ID_HEADER)
				.startsWith(refused);
			if (ack) {
				this.sent.add(message);
			}
			correlationData.getFuture().complete(new CorrelationData.Confirm(ack, ack ? null : "refused"));
		}

	}

	static final class NeverConfirmingTemplate extends RabbitTemplate {

		@Override
		public void send(String exchange, String routingKey, Message message,
				@Nullable CorrelationData correlationData) {
			// Accepted and never confirmed: the correlation's future stays incomplete.
		}

	}

	/** A relay over this test's database, sending with the given template, with the default codec and no tracing. */
	private OutboxRelay relay(JdbcOutbox outbox, RabbitTemplate template, PlatformEventsProperties properties) {
		return new OutboxRelay(outbox, new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				new ConfirmingSender(template), new EnvelopeCodec(JsonMapper.builder().build()), TraceContexts.none(),
				properties, null, Clock.systemUTC());
	}

}
