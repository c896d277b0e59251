package dev.platform.events;

import org.springframework.util.Assert;

/**
 * Declares a consumer: a bean of this type subscribes its handler to a queue listed under
 * {@code platform.events.queues}. The queue name also identifies the consumer in the processed-events table.
 */
public final class EventConsumer {

	private final String queue;

	private final EventHandler handler;

	private EventConsumer(String queue, EventHandler handler) {
		Assert.hasText(queue, "queue must not be empty");
		this.queue = queue;
		this.handler = handler;
	}

	public static EventConsumer of(String queue, EventHandler handler) {
		return new EventConsumer(queue, handler);
	}

	public String queue() {
		return this.queue;
	}

	public EventHandler handler() {
		return this.handler;
	}

}
