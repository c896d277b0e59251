package dev.platform.demo.shipping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.platform.events.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The saga's deadline on shipping's side. An order paid whose {@code order.created} has not come within
 * {@code shipping.address-wait} will not ship: the event was lost to this service (its queue missed it, it was
 * dead-lettered). Its shipment fails with {@code ADDRESS_NEVER_ARRIVED}, so payments refunds it and orders cancels
 * it, instead of the customer's money staying taken for an order that stays {@code PAID} for ever. Addresses of
 * orders never paid are forgotten after {@code shipping.unpaid-address-retention} (a declined payment forgets its
 * order's at once, unless the decline came first).
 * <p>
 * Several instances may run this at once: the conditional delete decides which one fails the shipment, in the same
 * transaction as the event.
 */
@Component
class StalledOrders {

	private static final Logger logger = LoggerFactory.getLogger(StalledOrders.class);

	/** Orders given up per round: a backlog goes over several rounds, each transaction short. */
	static final int BATCH = 100;

	private final ShipmentRepository shipments;

	private final Events events;

	private final TransactionTemplate transactions;

	private final Duration addressWait;

	private final Duration unpaidRetention;

	private final Clock clock = Clock.systemUTC();

	StalledOrders(ShipmentRepository shipments, Events events, TransactionTemplate transactions,
			@Value("${shipping.address-wait:10m}") Duration addressWait,
			@Value("${shipping.unpaid-address-retention:7d}") Duration unpaidRetention) {
		if (addressWait.isNegative() || addressWait.isZero() || unpaidRetention.isNegative()
				|| unpaidRetention.isZero()) {
			throw new IllegalArgumentException(
					"shipping.address-wait and shipping.unpaid-address-retention must be positive");
		}
		this.shipments = shipments;
		this.events = events;
		this.transactions = transactions;
		this.addressWait = addressWait;
		this.unpaidRetention = unpaidRetention;
	}

	@Scheduled(initialDelayString = "${shipping.stalled-check-interval:1m}",
			fixedDelayString = "${shipping.stalled-check-interval:1m}")
	void check() {
		check(this.clock.instant());
	}

	/** One round as at the given time; returns the orders whose shipment it failed. */
	int check(Instant now) {
		int failed = 0;
		try {
			for (String orderId : this.shipments.paidWithoutAddress(now.minus(this.addressWait), BATCH)) {
				if (Boolean.TRUE.equals(this.transactions.execute((status) -> giveUp(orderId)))) {
					failed++;
				}
			}
			int forgotten = this.shipments.forgetUnpaidReceivedBefore(now.minus(this.unpaidRetention));
			if (forgotten > 0) {
				logger.info("Forgot the addresses of {} orders never paid within {}", forgotten, this.unpaidRetention);
			}
		}
		catch (RuntimeException ex) {
			// The database is down, say: the next round tries again.
			logger.warn("Could not check for stalled orders: {}", ex.toString());
		}
		return failed;
	}

	private boolean giveUp(String orderId) {
		if (!this.shipments.giveUpWaitingForAddress(orderId)) {
			return false;
		}
		logger.warn("Order {} was paid more than {} ago and its order.created never came: failing its shipment so "
				+ "that its payment is refunded", orderId, this.addressWait);
		this.events.publish("shipment.failed", orderId,
				new Dispatcher.ShipmentFailed(orderId, null, "ADDRESS_NEVER_ARRIVED"));
		return true;
	}

}
