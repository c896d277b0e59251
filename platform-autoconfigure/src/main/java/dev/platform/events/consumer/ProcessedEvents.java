package dev.platform.events.consumer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
	 * Deletes the consumer's records of events processed before {@code before}.
	 * @return the number of records deleted
	 */
	public int deleteProcessedBefore(String consumer, Instant before) {
		return this.jdbcTemplate.update("DELETE FROM platform_processed_event WHERE consumer = ? AND processed_at < ?",
				consumer, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
	}

}
