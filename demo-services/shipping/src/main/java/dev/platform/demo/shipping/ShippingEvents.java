package dev.platform.demo.shipping;

import dev.platform.events.EventConsumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shipping's part of the choreography: an order ships once both its address and its payment have come. */
@Configuration(proxyBeanMethods = false)
class ShippingEvents {

	static final String QUEUE = "shipping.orders";

	@Bean
	EventConsumer shippingOrders(Dispatcher dispatcher) {
		return EventConsumer.of(QUEUE, (event) -> {
			switch (event.envelope().type()) {
				case "order.created" -> dispatcher.remember(event.payload(Dispatcher.OrderCreated.class));
				case "payment.completed" -> dispatcher.ship(event.payload(Dispatcher.PaymentCompleted.class));
				default -> throw new IllegalArgumentException("Unexpected event " + event.envelope().type());
			}
		});
	}

}
