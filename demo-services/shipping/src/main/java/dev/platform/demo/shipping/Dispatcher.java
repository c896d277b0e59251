package dev.platform.demo.shipping;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.platform.events.Events;
import dev.platform.events.UnprocessableEventException;
import org.jspecify.annotations.Nullable;
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

	/** {@code shipmentId} is null when no shipment was made (the address never came). */
	record ShipmentFailed(String orderId, @Nullable String shipmentId, String reason) {
	}

	/** The fields shipping reads from {@code payment.failed}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record PaymentFailed(String orderId) {
	}

	private final ShipmentRepository shipments;

	private final Events events;

	private final Clock clock = Clock.systemUTC();

	Dispatcher(ShipmentRepository shipments, Events events) {
		this.shipments = shipments;
		this.events = events;
	}

	void remember(OrderCreated order) {
		// Required here, not by the table (whose columns the payment's row leaves empty): an order.created without
		// them is dead-lettered instead of waiting for ever as "paid, no address yet".
		required(order.orderId(), "order.created without an orderId");
		required(order.customerId(), "order.created without a customerId");
		required(order.shippingAddress(), "order.created without a shippingAddress");
		if (alreadyShipped(order.orderId())) {
			return;
		}
		shipWhenReady(this.shipments.rememberAddress(order.orderId(), order.customerId(), order.shippingAddress(),
				this.clock.instant()));
	}

	void ship(PaymentCompleted payment) {
		required(payment.orderId(), "payment.completed without an orderId");
		if (alreadyShipped(payment.orderId())) {
			return;
		}
		shipWhenReady(this.shipments.rememberPayment(payment.orderId(), this.clock.instant()));
	}

	/** A declined order never ships: its address is not kept for it. */
	void forget(PaymentFailed payment) {
		required(payment.orderId(), "payment.failed without an orderId");
		this.shipments.forgetUnpaid(payment.orderId());
	}

	private static void required(@Nullable String field, String missing) {
		if (field == null) {
			throw new UnprocessableEventException(missing);
		}
	}

	private boolean alreadyShipped(String orderId) {
		if (this.shipments.findByOrder(orderId).isPresent()) {
			logger.info("Order {} already has a shipment", orderId);
			return true;
		}
		return false;
	}

	/**
	 * Ships once the order has both an address and a payment, from whichever of its two events came second: one
	 * consumer takes them in the order orders and payments published them, but an event re-queued after a failed
	 * attempt goes to the back of the queue, and more consumers than one take them in any order.
	 */
	private void shipWhenReady(ShipmentRepository.PendingOrder order) {
		String address = order.address();
		String customerId = order.customerId();
		if (!order.paid()) {
			return;
		}
		if (address == null || customerId == null) {
			logger.info("Order {} is paid but its address has not arrived yet: it ships when order.created does",
					order.orderId());
			return;
		}
		Instant now = this.clock.instant();
		boolean undeliverable = address.toUpperCase(Locale.ROOT).contains(UNDELIVERABLE);
		String id = UUID.randomUUID().toString();
		if (undeliverable) {
			this.shipments.insert(new Shipment(id, order.orderId(), customerId, address, Shipment.Status.FAILED, null,
					"UNDELIVERABLE_ADDRESS", now));
			logger.info("Shipment for order {} failed: undeliverable address", order.orderId());
			this.events.publish("shipment.failed", order.orderId(),
					new ShipmentFailed(order.orderId(), id, "UNDELIVERABLE_ADDRESS"));
		}
		else {
			String tracking = "TRK-" + id.substring(0, 8).toUpperCase(Locale.ROOT);
			this.shipments.insert(new Shipment(id, order.orderId(), customerId, address, Shipment.Status.CREATED,
					tracking, null, now));
			logger.info("Shipment {} created for order {}", tracking, order.orderId());
			this.events.publish("shipment.created", order.orderId(),
					new ShipmentCreated(order.orderId(), id, tracking));
		}
		this.shipments.forget(order.orderId());
	}

}
