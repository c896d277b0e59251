package dev.platform.demo.payments;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payments table, owned by this service alone. */
@Repository
class PaymentRepository {

	private static final RowMapper<Payment> ROWS = (rs, row) -> new Payment(rs.getString("id"),
			rs.getString("order_id"), rs.getString("customer_id"), rs.getBigDecimal("amount"),
			rs.getString("payment_method"), Payment.Status.valueOf(rs.getString("status")), rs.getString("reason"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

	private final JdbcClient jdbc;

	PaymentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Payment payment) {
		this.jdbc.sql("""
				INSERT INTO payments (id, order_id, customer_id, amount, payment_method, status, reason, created_at,
				    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(payment.id(), payment.orderId(), payment.customerId(), payment.amount(), payment.paymentMethod(),
					payment.status().name(), payment.reason(), Timestamp.from(payment.createdAt()),
					Timestamp.from(payment.updatedAt()))
			.update();
	}

	Optional<Payment> findByOrder(String orderId) {
		return this.jdbc.sql("SELECT * FROM payments WHERE order_id = ?").param(orderId).query(ROWS).optional();
	}

	List<Payment> findByOrderAndCustomer(String orderId, String customerId) {
		return this.jdbc.sql("SELECT * FROM payments WHERE order_id = ? AND customer_id = ?")
			.params(orderId, customerId)
			.query(ROWS)
			.list();
	}

	/** Marks a completed payment refunded; returns false if it was not completed. */
	boolean refund(String id, @Nullable String reason, Instant now) {
		return this.jdbc.sql("UPDATE payments SET status = 'REFUNDED', reason = ?, updated_at = ? WHERE id = ? AND status = 'COMPLETED'")
			.params(reason, Timestamp.from(now), id)
			.update() == 1;
	}

}
