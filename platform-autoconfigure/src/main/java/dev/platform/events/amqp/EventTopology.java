package dev.platform.events.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.platform.events.PlatformEventsProperties;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * The broker objects a service needs, derived from {@code platform.events.*}: the durable topic exchange events are
 * published to, the dead-letter exchange, and per consumed queue the queue, its bindings, and its dead-letter queue.
 */
public final class EventTopology {

	/** Suffix of each queue's dead-letter queue. */
	public static final String DEAD_LETTER_SUFFIX = ".dlq";

	private EventTopology() {
	}

	public static String deadLetterQueue(String queue) {
		return queue + DEAD_LETTER_SUFFIX;
	}

	public static Declarables declarables(PlatformEventsProperties properties) {
		List<Declarable> declarables = new ArrayList<>();
		TopicExchange events = new TopicExchange(properties.getExchange(), true, false);
		DirectExchange deadLetters = new DirectExchange(properties.getDeadLetterExchange(), true, false);
		declarables.add(events);
		declarables.add(deadLetters);
		for (Map.Entry<String, PlatformEventsProperties.Queue> entry : properties.getQueues().entrySet()) {
			Queue queue = new Queue(entry.getKey(), true, false, false);
			Queue deadLetterQueue = new Queue(deadLetterQueue(entry.getKey()), true, false, false);
			declarables.add(queue);
			declarables.add(deadLetterQueue);
			declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(entry.getKey()));
			for (String routingKey : entry.getValue().getBindings()) {
				Binding binding = BindingBuilder.bind(queue).to(events).with(routingKey);
				declarables.add(binding);
			}
		}
		return new Declarables(declarables);
	}

}
