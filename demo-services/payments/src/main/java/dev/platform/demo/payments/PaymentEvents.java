package dev.platform.demo.payments;

import dev.platform.events.EventConsumer;
import dev.platform.events.UnprocessableEventException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Payments' part of the choreography: charge on {@code order.created}, refund on {@code shipment.failed}. */
@Configuration(proxyBeanMethods = false)
class PaymentEvents {

	static final String QUEUE = "payments.orders";

	@Bean
	EventConsumer paymentsOrders(PaymentProcessor processor) {
		return EventConsumer.of(QUEUE, (event) -> {
			event.requireVersion(1);
			switch (event.envelope().type()) {
				case "order.created" -> processor.charge(event.payload(PaymentProcessor.OrderCreated.class));
				case "shipment.failed" -> processor.refund(event.payload(PaymentProcessor.ShipmentFailed.class));
				default -> throw new UnprocessableEventException("Unexpected event " + event.envelope().type());
			}
		});
	}

}
