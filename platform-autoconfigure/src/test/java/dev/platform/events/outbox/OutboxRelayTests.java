package dev.platform.events.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.platform.events.EventEnvelope;
import dev.platform.events.PlatformEventsProperties;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.TraceContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The relay against failures a real broker or database cannot be made to produce on demand without disturbing
 * every other test on them: a broker that accepts messages but confirms none (a RabbitMQ memory or disk alarm
 * blocks publishers this way), and a round that ends in an {@link Error}.
 */
class OutboxRelayTests {

	private static final int AGGREGATES = 40;

	private static final Duration CONFIRM_TIMEOUT = Duration.ofMillis(300);

	private final DriverManagerDataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:relay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@BeforeEach
	void createSchema() {
		new ResourceDatabasePopulator(new ClassPathResource("db/platform/events/h2/R__platform_events.sql"))
			.execute(this.dataSource);
	}

	@Test
	void aRoundWaitsOneConfirmTimeoutForAllItsRowsTogether() {
		JdbcOutbox outbox = new JdbcOutbox(new JdbcTemplate(this.dataSource));
		for (int i = 0; i < AGGREGATES; i++) {
			outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1,
					Instant.now().truncatedTo(ChronoUnit.MICROS), "orders", "order-" + i, null, "{}"));
		}
		PlatformEventsProperties properties = new PlatformEventsProperties();
		properties.getRelay().setConfirmTimeout(CONFIRM_TIMEOUT);
		OutboxRelay relay = new OutboxRelay(outbox,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				new ConfirmingSender(new NeverConfirmingTemplate()), new EnvelopeCodec(JsonMapper.builder().build()),
				TraceContexts.none(), properties, null, Clock.systemUTC());
		// Waiting per row would take 40 x 300 ms = 12 s; the bound only tells that apart, it measures no speed.
		OutboxRelay.Round round = assertTimeoutPreemptively(CONFIRM_TIMEOUT.multipliedBy(AGGREGATES / 3),
				relay::relayOnce);
		assertThat(round).isEqualTo(new OutboxRelay.Round(AGGREGATES, 0, AGGREGATES));
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

	static final class NeverConfirmingTemplate extends RabbitTemplate {

		@Override
		public void send(String exchange, String routingKey, Message message,
				@Nullable CorrelationData correlationData) {
			// Accepted and never confirmed: the correlation's future stays incomplete.
		}

	}

}
