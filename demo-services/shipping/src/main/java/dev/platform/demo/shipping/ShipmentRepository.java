package dev.platform.demo.shipping;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Shipments, and what this service knows of an order until it ships: its address and whether it is paid. */
@Repository
class ShipmentRepository {

	/**
	 * What shipping knows of an order it has not shipped: the address from {@code order.created} and whether
	 * {@code payment.completed} has come, whichever arrived first.
	 */
	record PendingOrder(String orderId, @Nullable String customerId, @Nullable String address, boolean paid) {
	}

	private static final RowMapper<Shipment> ROWS = (rs, row) -> new Shipment(rs.getString("id"),
			rs.getString("order_id"), rs.getString("customer_id"), rs.getString("address"),
			Shipment.Status.valueOf(rs.getString("status")), rs.getString("tracking_number"), rs.getString("reason"),
			rs.getTimestamp("created_at").toInstant());

	private final JdbcClient jdbc;

	ShipmentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the order's address (the first one: a republished {@code order.created} changes nothing) and returns
	 * the order as now known. Two events of one order recorded at once in two transactions: the second insert fails
	 * on the primary key and its event is retried, then finds the row.
	 */
	PendingOrder rememberAddress(String orderId, String customerId, String address, Instant now) {
		int updated = this.jdbc.sql("""
				UPDATE order_addresses SET customer_id = COALESCE(customer_id, ?), address = COALESCE(address, ?)
				WHERE order_id = ?""").params(customerId, address, orderId).update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO order_addresses (order_id, customer_id, address, received_at) VALUES (?, ?, ?, ?)")
				.params(orderId, customerId, address, Timestamp.from(now))
				.update();
		}
		return pending(orderId);
	}

	/** Records that the order is paid and returns the order as now known; see {@link #rememberAddress}. */
	PendingOrder rememberPayment(String orderId, Instant now) {
		Timestamp at = Timestamp.from(now);
		int updated = this.jdbc.sql("UPDATE order_addresses SET paid_at = COALESCE(paid_at, ?) WHERE order_id = ?")
			.params(at, orderId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO order_addresses (order_id, paid_at, received_at) VALUES (?, ?, ?)")
				.params(orderId, at, at)
				.update();
		}
		return pending(orderId);
	}

	/** Forgets the order's copy once it has a shipment (which keeps the address it was sent to). */
	void forget(String orderId) {
		this.jdbc.sql("DELETE FROM order_addresses WHERE order_id = ?").param(orderId).update();
	}

	/** Forgets the copy of an order whose payment failed (it never ships); a paid order's copy stays. */
	void forgetUnpaid(String orderId) {
		this.jdbc.sql("DELETE FROM order_addresses WHERE order_id = ? AND paid_at IS NULL").param(orderId).update();
	}

	/** Orders paid before the given time whose address has not come, the longest waiting first. */
	List<String> paidWithoutAddress(Instant paidBefore, int limit) {
		return this.jdbc.sql("""
				SELECT order_id FROM order_addresses WHERE address IS NULL AND paid_at IS NOT NULL AND paid_at < ?
				ORDER BY paid_at LIMIT ?""").params(Timestamp.from(paidBefore), limit).query(String.class).list();
	}

	/**
	 * Forgets a paid order whose address has still not come; returns whether this call did (not another instance,
	 * nor an {@code order.created} that brought the address meanwhile).
	 */
	boolean giveUpWaitingForAddress(String orderId) {
		return this.jdbc.sql("DELETE FROM order_addresses WHERE order_id = ? AND address IS NULL AND paid_at IS NOT NULL")
			.param(orderId)
			.update() == 1;
	}

	/** Forgets the addresses of orders received before the given time and never paid; returns how many. */
	int forgetUnpaidReceivedBefore(Instant receivedBefore) {
		return this.jdbc.sql("DELETE FROM order_addresses WHERE paid_at IS NULL AND received_at < ?")
			.param(Timestamp.from(receivedBefore))
			.update();
	}

	private PendingOrder pending(String orderId) {
		return this.jdbc.sql("SELECT order_id, customer_id, address, paid_at FROM order_addresses WHERE order_id = ?")
			.param(orderId)
			.query((rs, row) -> new PendingOrder(rs.getString("order_id"), rs.getString("customer_id"),
					rs.getString("address"), rs.getTimestamp("paid_at") != null))
			.single();
	}

	void insert(Shipment shipment) {
		this.jdbc.sql("""
				INSERT INTO shipments (id, order_id, customer_id, address, status, tracking_number, reason, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(shipment.id(), shipment.orderId(), shipment.customerId(), shipment.address(),
					shipment.status().name(), shipment.trackingNumber(), shipment.reason(),
					Timestamp.from(shipment.createdAt()))
			.update();
	}

	Optional<Shipment> findByOrder(String orderId) {
		return this.jdbc.sql("SELECT * FROM shipments WHERE order_id = ?").param(orderId).query(ROWS).optional();
	}

	List<Shipment> findByOrderAndCustomer(String orderId, String customerId) {
		return this.jdbc.sql("SELECT * FROM shipments WHERE order_id = ? AND customer_id = ?")
			.params(orderId, customerId)
			.query(ROWS)
			.list();
	}

}
