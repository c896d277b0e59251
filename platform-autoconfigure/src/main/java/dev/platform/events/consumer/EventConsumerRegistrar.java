package dev.platform.events.consumer;

import java.util.List;
import java.util.function.Function;

import dev.platform.events.EventConsumer;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.annotation.RabbitListenerConfigurer;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistrar;

/**
 * Registers a listener container per {@link EventConsumer} bean with Spring AMQP's registry, built by Boot's
 * {@code rabbitListenerContainerFactory} so that {@code spring.rabbitmq.listener.simple.*} (concurrency, prefetch,
 * observation) applies; only the acknowledge mode is forced to manual.
 */
public final class EventConsumerRegistrar implements RabbitListenerConfigurer {

	private final List<EventConsumer> consumers;

	private final Function<EventConsumer, IdempotentEventListener> listeners;

	public EventConsumerRegistrar(List<EventConsumer> consumers,
			Function<EventConsumer, IdempotentEventListener> listeners) {
		this.consumers = consumers;
		this.listeners = listeners;
	}

	@Override
	public void configureRabbitListeners(RabbitListenerEndpointRegistrar registrar) {
		for (EventConsumer consumer : this.consumers) {
			SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
			endpoint.setId("platform-events-" + consumer.queue());
			endpoint.setQueueNames(consumer.queue());
			endpoint.setAckMode(AcknowledgeMode.MANUAL);
			endpoint.setMessageListener(this.listeners.apply(consumer));
			registrar.registerEndpoint(endpoint);
		}
	}

}
