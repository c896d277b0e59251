package dev.platform.demo.payments;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.platform.events.Events;
import dev.platform.events.UnprocessableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Charges (simulated: the payment method {@code tok_decline} is always declined, any other is accepted) and
 * refunds. Called inside the consumer's transaction, so the payment row, the outgoing event and the record of the
 * consumed event commit together.
 */
@Component
class PaymentProcessor {

	/** The card token that every demo bank declines. */
	static final String DECLINED_METHOD = "tok_decline";

	private static final Logger logger = LoggerFactory.getLogger(PaymentProcessor.class);

	/** The fields payments reads from {@code order.created}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrderCreated(String orderId, String customerId, BigDecimal total, String paymentMethod) {
	}

	/** The fields payments reads from {@code shipment.failed}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ShipmentFailed(String orderId) {
	}

	record PaymentCompleted(String orderId, String paymentId, BigDecimal amount) {
	}

	record PaymentFailed(String orderId, String paymentId, String reason) {
	}

	record PaymentRefunded(String orderId, String paymentId, BigDecimal amount, String reason) {
	}

	private final PaymentRepository payments;

	private final Events events;

	private final Clock clock = Clock.systemUTC();

	PaymentProcessor(PaymentRepository payments, Events events) {
		this.payments = payments;
		this.events = events;
	}

	void charge(OrderCreated order) {
		if (order.orderId() == null || order.customerId() == null || order.total() == null
				|| order.paymentMethod() == null) {
			throw new UnprocessableEventException("order.created without an orderId, customerId, total or paymentMethod");
		}
		if (order.total().signum() <= 0) {
			throw new UnprocessableEventException("order.created for order " + order.orderId() + " with a total of "
					+ order.total().toPlainString());
		}
		if (this.payments.findByOrder(order.orderId()).isPresent()) {
			// Same order seen again under a new event id (e.g. republished): one order, one charge.
			logger.info("Order {} already charged", order.orderId());
			return;
		}
		boolean declined = DECLINED_METHOD.equals(order.paymentMethod());
		Instant now = this.clock.instant();
		Payment payment = new Payment(UUID.randomUUID().toString(), order.orderId(), order.customerId(), order.total(),
				order.paymentMethod(), declined ? Payment.Status.DECLINED : Payment.Status.COMPLETED,
				declined ? "PAYMENT_DECLINED" : null, now, now);
		this.payments.insert(payment);
		if (declined) {
			logger.info("Payment for order {} declined", order.orderId());
			this.events.publish("payment.failed", order.orderId(),
					new PaymentFailed(order.orderId(), payment.id(), "PAYMENT_DECLINED"));
		}
		else {
			logger.info("Payment for order {} completed", order.orderId());
			this.events.publish("payment.completed", order.orderId(),
					new PaymentCompleted(order.orderId(), payment.id(), payment.amount()));
		}
	}

	void refund(ShipmentFailed failure) {
		if (failure.orderId() == null) {
			throw new UnprocessableEventException("shipment.failed without an orderId");
		}
		// Shipping fails a shipment only after payment.completed, which only a payment row here publishes: without
		// one, the compensation has nothing to undo, and must not vanish without a trace.
		Payment payment = this.payments.findByOrder(failure.orderId())
			.orElseThrow(() -> new UnprocessableEventException(
					"shipment.failed for order " + failure.orderId() + ", which has no payment here"));
		if (this.payments.refund(payment.id(), "SHIPPING_FAILED", this.clock.instant())) {
			logger.info("Payment {} of order {} refunded", payment.id(), failure.orderId());
			this.events.publish("payment.refunded", failure.orderId(),
					new PaymentRefunded(failure.orderId(), payment.id(), payment.amount(), "SHIPPING_FAILED"));
		}
		else {
			logger.info("Payment {} of order {} is not refundable now (refunded already, or declined)", payment.id(),
					failure.orderId());
		}
	}

}
