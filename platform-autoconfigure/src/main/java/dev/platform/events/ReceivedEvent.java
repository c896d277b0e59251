package dev.platform.events;

import tools.jackson.databind.ObjectMapper;

/**
 * An event handed to an {@link EventHandler}.
 */
public final class ReceivedEvent {

	private final EventEnvelope envelope;

	private final int attempt;

	private final ObjectMapper objectMapper;

	public ReceivedEvent(EventEnvelope envelope, int attempt, ObjectMapper objectMapper) {
		this.envelope = envelope;
		this.attempt = attempt;
		this.objectMapper = objectMapper;
	}

	public EventEnvelope envelope() {
		return this.envelope;
	}

	/** Attempt number within this delivery, starting at 1. */
	public int attempt() {
		return this.attempt;
	}

	public <T> T payload(Class<T> type) {
		return this.objectMapper.readValue(this.envelope.payload(), type);
	}

}
