package dev.platform.demo.shipping;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Shipments and the copies of order addresses this service keeps until the order is paid. */
@Repository
class ShipmentRepository {

	/** The copy of an order shipping needs, taken from {@code order.created}. */
	record PendingOrder(String orderId, String customerId, String address) {
	}

	private static final RowMapper<Shipment> ROWS = (rs, row) -> new Shipment(rs.getString("id"),
			rs.getString("order_id"), rs.getString("customer_id"), rs.getString("address"),
			Shipment.Status.valueOf(rs.getString("status")), rs.getString("tracking_number"), rs.getString("reason"),
			rs.getTimestamp("created_at").toInstant());

	private final JdbcClient jdbc;

	ShipmentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void rememberOrder(PendingOrder order, Instant now) {
		try {
			this.jdbc.sql("INSERT INTO order_addresses (order_id, customer_id, address, received_at) VALUES (?, ?, ?, ?)")
				.params(order.orderId(), order.customerId(), order.address(), Timestamp.from(now))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// The same order again (a republished event): the first copy stands.
		}
	}

	Optional<PendingOrder> order(String orderId) {
		return this.jdbc.sql("SELECT order_id, customer_id, address FROM order_addresses WHERE order_id = ?")
			.param(orderId)
			.query((rs, row) -> new PendingOrder(rs.getString("order_id"), rs.getString("customer_id"),
					rs.getString("address")))
			.optional();
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
