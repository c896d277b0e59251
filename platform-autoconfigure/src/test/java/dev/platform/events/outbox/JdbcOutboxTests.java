package dev.platform.events.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.platform.events.EventEnvelope;
import dev.platform.events.EventsH2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcOutboxTests {

	private JdbcTemplate jdbc;

	private JdbcOutbox outbox;

	@BeforeEach
	void createSchema() {
		DriverManagerDataSource dataSource = EventsH2.withSchema("outbox");
		// Idempotent, as a Flyway repeatable migration or a schema script run at every start must be.
		EventsH2.SCHEMA.execute(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
		this.outbox = new JdbcOutbox(this.jdbc);
	}

	@Test
	void storesTheEnvelopeUnchanged() {
		EventEnvelope envelope = envelope("order-1");
		this.outbox.insert(envelope);
		assertThat(this.outbox.lockUnsent(10)).singleElement()
			.satisfies((row) -> assertThat(row.envelope()).isEqualTo(envelope));
	}

	@Test
	void readsTheFirstUnsentRowOfEachAggregateInInsertionOrder() {
		List<EventEnvelope> envelopes = List.of(envelope("b"), envelope("a"), envelope("b"), envelope("c"));
		envelopes.forEach(this.outbox::insert);
		assertThat(this.outbox.lockUnsent(10)).extracting(OutboxRow::envelope)
			.containsExactly(envelopes.get(0), envelopes.get(1), envelopes.get(3));
		assertThat(this.outbox.lockUnsent(2)).extracting(OutboxRow::envelope)
			.containsExactly(envelopes.get(0), envelopes.get(1));
	}

	@Test
	void rowsASendFailedForComeAfterTheOthersButNeverBeforeAnEarlierRowOfTheirAggregate() {
		List<EventEnvelope> envelopes = List.of(envelope("a"), envelope("b"), envelope("a"), envelope("c"));
		envelopes.forEach(this.outbox::insert);
		List<OutboxRow> first = this.outbox.lockUnsent(10);
		this.outbox.markFailed(first.get(0).seq(), "refused");
		// a's first row failed: b and c go first, and a's second row waits behind its first.
		assertThat(this.outbox.lockUnsent(10)).extracting(OutboxRow::envelope)
			.containsExactly(envelopes.get(1), envelopes.get(3), envelopes.get(0));
		assertThat(this.outbox.lockUnsent(1)).extracting(OutboxRow::envelope).containsExactly(envelopes.get(1));
		this.outbox.markSent(List.of(first.get(0).seq()), Instant.now());
		assertThat(this.outbox.lockUnsent(10)).extracting(OutboxRow::envelope)
			.containsExactly(envelopes.get(1), envelopes.get(2), envelopes.get(3));
	}

	@Test
	void sentRowsLeaveTheBacklogAndAreDeletedAfterRetention() {
		this.outbox.insert(envelope("a"));
		this.outbox.insert(envelope("b"));
		List<OutboxRow> rows = this.outbox.lockUnsent(10);
		Instant sentAt = Instant.now().minus(8, ChronoUnit.DAYS);
		this.outbox.markSent(List.of(rows.get(0).seq()), sentAt);
		assertThat(this.outbox.lockUnsent(10)).extracting(OutboxRow::seq).containsExactly(rows.get(1).seq());
		assertThat(this.outbox.stats(Instant.now()).backlog()).isEqualTo(1);
		assertThat(this.outbox.deleteSentBefore(Instant.now().minus(7, ChronoUnit.DAYS), 10)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM platform_outbox", Integer.class)).isEqualTo(1);
	}

	@Test
	void deletesAtMostTheLimitOfRowsSentBeforeTheCutOff() {
		for (int i = 0; i < 7; i++) {
			this.outbox.insert(envelope("a" + i));
		}
		List<Long> seqs = this.outbox.lockUnsent(10).stream().map(OutboxRow::seq).toList();
		Instant old = Instant.now().minus(8, ChronoUnit.DAYS);
		this.outbox.markSent(seqs.subList(0, 5), old);
		this.outbox.markSent(seqs.subList(5, 6), Instant.now());
		Instant cutOff = Instant.now().minus(7, ChronoUnit.DAYS);
		assertThat(this.outbox.deleteSentBefore(cutOff, 2)).isEqualTo(2);
		assertThat(this.outbox.deleteSentBefore(cutOff, 2)).isEqualTo(2);
		assertThat(this.outbox.deleteSentBefore(cutOff, 2)).isEqualTo(1);
		assertThat(this.outbox.deleteSentBefore(cutOff, 2)).isZero();
		// The recently sent row and the unsent one stay.
		assertThat(this.jdbc.queryForList("SELECT seq FROM platform_outbox ORDER BY seq", Long.class))
			.containsExactly(seqs.get(5), seqs.get(6));
	}

	@Test
	void failedSendsAreCountedOnTheRow() {
		this.outbox.insert(envelope("a"));
		long seq = this.outbox.lockUnsent(1).get(0).seq();
		this.outbox.markFailed(seq, "x".repeat(2000));
		this.outbox.markFailed(seq, "nack");
		assertThat(this.outbox.lockUnsent(1).get(0).attempts()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT last_error FROM platform_outbox", String.class)).isEqualTo("nack");
	}

	@Test
	void reportsTheAgeOfTheOldestUnsentRow() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.outbox.insert(new EventEnvelope(UUID.randomUUID(), "order.created", 1, now.minusSeconds(30), "orders", "a",
				null, "{}"));
		assertThat(this.outbox.stats(now).oldestAgeSeconds()).isEqualTo(30.0);
	}

	private static EventEnvelope envelope(String aggregateId) {
		return new EventEnvelope(UUID.randomUUID(), "order.created", 2, Instant.now().truncatedTo(ChronoUnit.MICROS),
				"orders", aggregateId, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "{\"total\":42}");
	}

}
