package dev.platform.events;

/**
 * Thrown by an {@link EventHandler} for an event that no attempt could ever apply: a version the consumer does not
 * read, a payload that does not map to its type, a required field missing, an entity it refers to that this service
 * never had. The event goes to the dead-letter queue at once, with this exception's message as its reason, instead
 * of being retried {@code platform.events.consumer.max-attempts} times first; nothing the handler did is committed.
 * <p>
 * An event that is simply not for this handler (a type it ignores) should be acknowledged by returning normally;
 * an event that may become applicable later (an entity still on its way in another event) should fail with any
 * other exception, so that it is retried.
 */
public class UnprocessableEventException extends RuntimeException {

	public UnprocessableEventException(String message) {
		super(message);
	}

	public UnprocessableEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
