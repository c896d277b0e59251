package dev.platform.demo.orders;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.platform.events.EventConsumer;
import dev.platform.events.UnprocessableEventException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The orders end of the choreography: payment and shipping events move the order forward. A late or repeated
 * event never moves it back (see {@link OrderStatus#canMoveTo}).
 */
@Configuration(proxyBeanMethods = false)
class SagaEvents {

	static final String QUEUE = "orders.saga";

	private static final Logger logger = LoggerFactory.getLogger(SagaEvents.class);

	/** The fields orders reads from payment and shipment events. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrderOutcome(@Nullable String orderId, @Nullable String reason) {
	}

	@Bean
	EventConsumer ordersSaga(OrderRepository orders) {
		return EventConsumer.of(QUEUE, (event) -> {
			OrderOutcome outcome = event.requireVersion(1).payload(OrderOutcome.class);
			String type = event.envelope().type();
			if (outcome.orderId() == null) {
				throw new UnprocessableEventException(type + " without an orderId");
			}
			OrderStatus next;
			String reason = null;
			switch (type) {
				case "payment.completed" -> next = OrderStatus.PAID;
				case "shipment.created" -> next = OrderStatus.SHIPPED;
				case "payment.failed" -> {
					next = OrderStatus.CANCELLED;
					reason = "PAYMENT_DECLINED";
				}
				case "payment.refunded" -> {
					next = OrderStatus.CANCELLED;
					reason = (outcome.reason() != null) ? outcome.reason() : "REFUNDED";
				}
				default -> {
					logger.warn("Ignoring event type {} on {}", type, QUEUE);
					return;
				}
			}
			if (!orders.exists(outcome.orderId())) {
				// Every saga event follows an order.created of an order committed here: one for no order is not
				// ours to drop quietly.
				throw new UnprocessableEventException(type + " for order " + outcome.orderId()
						+ ", which this service does not have");
			}
			boolean moved = orders.updateStatus(outcome.orderId(), next, reason, Instant.now());
			logger.info("Order {} {} after {}", outcome.orderId(), moved ? "is now " + next : "stays as it was",
					type);
		});
	}

}
