package dev.platform.demo.shipping;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.platform.events.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates shipments for paid orders; an address containing {@code UNDELIVERABLE} fails (the demo's way to
 * exercise the compensating refund). Runs in the consumer's transaction with the outbox.
 */
@Component
class Dispatcher {

	static final String UNDELIVERABLE = "UNDELIVERABLE";

	private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

	/** The fields shipping reads from {@code order.created}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrderCreated(String orderId, String customerId, String shippingAddress) {
	}

	/** The fields shipping reads from {@code payment.completed}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record PaymentCompleted(String orderId) {
	}

	record ShipmentCreated(String orderId, String shipmentId, String trackingNumber) {
	}

	record ShipmentFailed(String orderId, String shipmentId, String reason) {
	}

	private final ShipmentRepository shipments;

	private final Events events;

	private final Clock clock = Clock.systemUTC();

	Dispatcher(ShipmentRepository shipments, Events events) {
		this.shipments = shipments;
		this.events = events;
	}

	void remember(OrderCreated order) {
		this.shipments.rememberOrder(
				new ShipmentRepository.PendingOrder(order.orderId(), order.customerId(), order.shippingAddress()),
				this.clock.instant());
	}

	void ship(PaymentCompleted payment) {
		if (this.shipments.findByOrder(payment.orderId()).isPresent()) {
			logger.info("Order {} already has a shipment", payment.orderId());
			return;
		}
		// order.created reaches this queue before payment.completed (payments publishes after it consumed the
		// order), so a missing copy is a real fault: throwing retries, then dead-letters.
		ShipmentRepository.PendingOrder order = this.shipments.order(payment.orderId())
			.orElseThrow(() -> new IllegalStateException("No address known for order " + payment.orderId()));
		Instant now = this.clock.instant();
		boolean undeliverable = order.address().toUpperCase(Locale.ROOT).contains(UNDELIVERABLE);
		String id = UUID.randomUUID().toString();
		if (undeliverable) {
			this.shipments.insert(new Shipment(id, order.orderId(), order.customerId(), order.address(),
					Shipment.Status.FAILED, null, "UNDELIVERABLE_ADDRESS", now));
			logger.info("Shipment for order {} failed: undeliverable address", order.orderId());
			this.events.publish("shipment.failed", order.orderId(),
					new ShipmentFailed(order.orderId(), id, "UNDELIVERABLE_ADDRESS"));
		}
		else {
			String tracking = "TRK-" + id.substring(0, 8).toUpperCase(Locale.ROOT);
			this.shipments.insert(new Shipment(id, order.orderId(), order.customerId(), order.address(),
					Shipment.Status.CREATED, tracking, null, now));
			logger.info("Shipment {} created for order {}", tracking, order.orderId());
			this.events.publish("shipment.created", order.orderId(),
					new ShipmentCreated(order.orderId(), id, tracking));
		}
	}

}
