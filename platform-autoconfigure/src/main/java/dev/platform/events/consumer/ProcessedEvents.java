package dev.platform.events.consumer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of processed event ids in {@code platform_processed_event}, keyed by consumer (queue) and event id.
 */
public final class ProcessedEvents {

	private final JdbcTemplate jdbcTemplate;

	public ProcessedEvents(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Reads no row: fails with what the database says if {@code platform_processed_event} or a column used here
	 * does not exist. The startup check runs it.
	 */
	public void checkTable() {
		this.jdbcTemplate
			.queryForList("SELECT consumer, event_id, processed_at FROM platform_processed_event WHERE 1 = 0");
	}

	/**
	 * Records the event in the current transaction. The primary key makes a concurrent second delivery wait for the
	 * first transaction and then fail, so at most one of them commits.
	 * @return {@code false} if the consumer has already processed the event
	 */
	public boolean record(String consumer, UUID eventId, Instant processedAt) {
		try {
			this.jdbcTemplate.update(
					"INSERT INTO platform_processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)",
					consumer, eventId, OffsetDateTime.ofInstant(processedAt, ZoneOffset.UTC));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Deletes up to {@code limit} of the consumer's oldest records of events processed before {@code before}: reads
	 * their ids from the age index, then deletes them by key. (PostgreSQL has no {@code DELETE ... LIMIT}, and H2
	 * evaluates a {@code LIMIT} subquery of the same table again while it deletes, so one statement deletes more
	 * than the limit there.)
	 * @return the number of records deleted
	 */
	public int deleteProcessedBefore(String consumer, Instant before, int limit) {
		List<UUID> ids = this.jdbcTemplate.queryForList(
				"SELECT event_id FROM platform_processed_event WHERE consumer = ? AND processed_at < ? "
						+ "ORDER BY processed_at LIMIT ?",
				UUID.class, consumer, OffsetDateTime.ofInstant(before, ZoneOffset.UTC), limit);
		if (ids.isEmpty()) {
			return 0;
		}
		Object[] args = new Object[ids.size() + 1];
		args[0] = consumer;
		for (int i = 0; i < ids.size(); i++) {
			args[i + 1] = ids.get(i);
		}
		// Another instance pruning the same consumer may have deleted some of them: fewer is not an error.
		return this.jdbcTemplate.update("DELETE FROM platform_processed_event WHERE consumer = ? AND event_id IN ("
				+ String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", args);
	}

}
