package dev.platform.events;

import java.util.Arrays;

import tools.jackson.core.JacksonException;
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

	/**
	 * Reads the payload as the given type.
	 * @param type the payload's type
	 * @param <T> the payload's type
	 * @return the payload
	 * @throws UnprocessableEventException when the payload does not map to the type (the event is dead-lettered at
	 * once: no attempt would read it differently)
	 */
	public <T> T payload(Class<T> type) {
		try {
			return this.objectMapper.readValue(this.envelope.payload(), type);
		}
		catch (JacksonException ex) {
			throw new UnprocessableEventException("Payload of " + this.envelope.type() + " version "
					+ this.envelope.version() + " does not map to " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Refuses an event whose payload version the handler does not read: a consumer that reads version 1 of a type
	 * would otherwise take a version 2 payload for a version 1 one (missing fields as nulls, changed meanings
	 * unnoticed).
	 * @param supported the versions the handler reads
	 * @return this event
	 * @throws UnprocessableEventException when the event's version is not one of them (the event is dead-lettered
	 * at once, its reason naming the versions)
	 */
	public ReceivedEvent requireVersion(int... supported) {
		int version = this.envelope.version();
		for (int candidate : supported) {
			if (candidate == version) {
				return this;
			}
		}
		throw new UnprocessableEventException(this.envelope.type() + " version " + version
				+ " is not a version this consumer reads " + Arrays.toString(supported));
	}

}
