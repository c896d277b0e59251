package dev.platform.demo.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Reads a service's dead-letter queue in its tests. */
public final class DeadLetters {

	private DeadLetters() {
	}

	/**
	 * Waits for the events' dead letters, draining the queue meanwhile (one read at a time would drop the others on
	 * the way), and returns them by event id.
	 * @param rabbit the service's template
	 * @param queue the consumer's queue (its dead letters are in {@code <queue>.dlq})
	 * @param eventIds the events expected there
	 * @return the dead letters of those events, by event id
	 * @throws IllegalStateException if not all of them are there within 30 s
	 */
	public static Map<UUID, Message> await(RabbitTemplate rabbit, String queue, UUID... eventIds) {
		Map<UUID, Message> found = new HashMap<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!found.keySet().containsAll(Arrays.asList(eventIds))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Dead letters of " + Arrays.toString(eventIds) + " not in " + queue
						+ ".dlq within 30 s; found " + found.keySet());
			}
			Message message = rabbit.receive(queue + ".dlq", 500);
			if (message != null) {
				String id = message.getMessageProperties().getMessageId();
				for (UUID eventId : eventIds) {
					if (eventId.toString().equals(id)) {
						found.put(eventId, message);
					}
				}
			}
		}
		return found;
	}

	/** The failure reason the platform put on a dead letter. */
	public static String reason(Message message) {
		return String.valueOf(message.getMessageProperties().getHeaders().get("x-platform-failure-reason"));
	}

	/** The attempts the platform made before dead-lettering. */
	public static Object attempts(Message message) {
		return message.getMessageProperties().getHeaders().get("x-platform-attempts");
	}

}
