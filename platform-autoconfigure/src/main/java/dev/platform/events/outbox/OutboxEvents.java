package dev.platform.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.platform.events.EventEnvelope;
import dev.platform.events.Events;
import dev.platform.events.amqp.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.ObjectMapper;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * {@link Events} backed by the outbox table. Without a surrounding transaction the insert commits on its own, which
 * is still atomic for the event but no longer tied to the caller's other writes.
 */
public final class OutboxEvents implements Events {

	private static final Logger logger = LoggerFactory.getLogger(OutboxEvents.class);

	private final JdbcOutbox outbox;

	private final ObjectMapper objectMapper;

	private final TraceContexts traceContexts;

	private static final int MAX_SHORT_STRING_BYTES = 255;

	private final String source;

	private final Runnable afterCommit;

	private final Clock clock;

	/**
	 * @param afterCommit run after the publishing transaction commits, to wake the relay
	 */
	public OutboxEvents(JdbcOutbox outbox, ObjectMapper objectMapper, TraceContexts traceContexts, String source,
			Runnable afterCommit, Clock clock) {
		this.outbox = outbox;
		this.objectMapper = objectMapper;
		this.traceContexts = traceContexts;
		this.source = source;
		this.afterCommit = afterCommit;
		this.clock = clock;
	}

	@Override
	public UUID publish(String type, int version, String aggregateId, Object payload) {
		Assert.hasText(type, "type must not be empty");
		// The type is the message's routing key and AMQP type, short strings of at most 255 bytes: a longer one is
		// refused by the AMQP client when the relay sends it, long after the transaction that recorded it.
		Assert.isTrue(type.getBytes(StandardCharsets.UTF_8).length <= MAX_SHORT_STRING_BYTES,
				() -> "type must be at most " + MAX_SHORT_STRING_BYTES + " bytes in UTF-8 (an AMQP routing key)");
		Assert.hasText(aggregateId, "aggregateId must not be empty");
		Assert.isTrue(aggregateId.length() <= MAX_SHORT_STRING_BYTES,
				() -> "aggregateId must be at most " + MAX_SHORT_STRING_BYTES + " characters (the outbox column)");
		Assert.isTrue(version > 0, "version must be positive");
		String json = readableJson(payload);
		// Microseconds: what PostgreSQL stores, so the relayed envelope equals the recorded one.
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, version,
				this.clock.instant().truncatedTo(ChronoUnit.MICROS), this.source, aggregateId,
				this.traceContexts.currentTraceparent(), json);
		this.outbox.insert(envelope);
		logger.debug("Recorded event {} ({}) for aggregate {} in the outbox, trace {}", envelope.id(), type,
				aggregateId, this.traceContexts.currentTraceId());
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					OutboxEvents.this.afterCommit.run();
				}
			});
		}
		else {
			this.afterCommit.run();
		}
		return envelope.id();
	}

	/**
	 * The payload as JSON that consumers can read back. Jackson writes what it cannot read (a number of more than
	 * 1000 digits, nesting deeper than 500 levels), and such an event would be recorded, relayed and then fail in
	 * every consumer; it is refused here instead, in the caller's transaction.
	 */
	private String readableJson(Object payload) {
		String json = this.objectMapper.writeValueAsString(payload);
		// Read one level deeper, as consumers read it: inside the envelope's "payload" member.
		try (JsonParser parser = this.objectMapper.createParser("[" + json + "]")) {
			while (parser.nextToken() != null) {
				// tokenising applies the read constraints
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The payload serialises to JSON that cannot be read back: "
					+ ex.getOriginalMessage(), ex);
		}
		return json;
	}

}
