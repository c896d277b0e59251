package dev.platform.events.outbox;

import dev.platform.events.EventEnvelope;

/**
 * An unsent outbox row: its position in the outbox and the event it holds.
 */
public record OutboxRow(long seq, EventEnvelope envelope, int attempts) {
}
