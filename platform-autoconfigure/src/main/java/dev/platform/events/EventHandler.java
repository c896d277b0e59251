package dev.platform.events;

/**
 * Applies one event. It runs inside the consumer's database transaction, together with the record of the event
 * id, so work done through the same {@code DataSource} commits exactly once. Throwing rolls both back and leads to
 * a retry, and after the last attempt to the dead-letter queue.
 */
@FunctionalInterface
public interface EventHandler {

	void handle(ReceivedEvent event) throws Exception;

}
