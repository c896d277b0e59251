package dev.platform.demo.shipping;

import dev.platform.events.EventConsumer;
import dev.platform.events.UnprocessableEventException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shipping's part of the choreography: an order ships once both its address and its payment have come; a declined
 * payment forgets the address.
 */
@Configuration(proxyBeanMethods = false)
class ShippingEvents {

	static final String QUEUE = "shipping.orders";

	@Bean
	EventConsumer shippingOrders(Dispatcher dispatcher) {
		return EventConsumer.of(QUEUE, (event) -> {
			event.requireVersion(1);
			switch (event.envelope().type()) {
				case "order.created" -> dispatcher.remember(event.payload(Dispatcher.OrderCreated.class));
				case "payment.completed" -> dispatcher.ship(event.payload(Dispatcher.PaymentCompleted.class));
				case "payment.failed" -> dispatcher.forget(event.payload(Dispatcher.PaymentFailed.class));
				default -> throw new UnprocessableEventException("Unexpected event " + event.envelope().type());
			}
		});
	}

}
