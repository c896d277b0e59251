package dev.platform.demo.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders and their items, owned by this service alone. */
@Repository
class OrderRepository {

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Order order, @Nullable String idempotencyKey) {
		this.jdbc.sql("""
				INSERT INTO orders (id, customer_id, customer_name, status, reason, total, payment_method,
				    shipping_address, idempotency_key, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(order.id(), order.customerId(), order.customerName(), order.status().name(), order.reason(),
					order.total(), order.paymentMethod(), order.shippingAddress(), idempotencyKey,
					Timestamp.from(order.createdAt()), Timestamp.from(order.updatedAt()))
			.update();
		int line = 0;
		for (Order.Item item : order.items()) {
			this.jdbc.sql("INSERT INTO order_items (order_id, line, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")
				.params(order.id(), line++, item.sku(), item.quantity(), item.unitPrice())
				.update();
		}
	}

	Optional<Order> findById(String id) {
		return withItems(this.jdbc.sql("SELECT * FROM orders WHERE id = ?")
			.param(id)
			.query((rs, row) -> order(rs, List.of()))
			.optional());
	}

	Optional<Order> findByIdempotencyKey(String customerId, String key) {
		return withItems(this.jdbc.sql("SELECT * FROM orders WHERE customer_id = ? AND idempotency_key = ?")
			.params(customerId, key)
			.query((rs, row) -> order(rs, List.of()))
			.optional());
	}

	/**
	 * The order's items, read after the order's row: a query run inside the row mapper would take a second
	 * connection while the first is held, and enough concurrent reads outside a transaction would then wait on
	 * the pool for each other until its timeout.
	 */
	private Optional<Order> withItems(Optional<Order> order) {
		return order.map((found) -> found.withItems(this.jdbc
			.sql("SELECT sku, quantity, unit_price FROM order_items WHERE order_id = ? ORDER BY line")
			.param(found.id())
			.query((rs, row) -> item(rs))
			.list()));
	}

	/**
	 * One page of the customer's orders, newest first, with their items read in one more query (not one per order).
	 * @param customerId the customer
	 * @param offset orders to skip
	 * @param limit most orders to return
	 * @return the page's orders
	 */
	List<Order> findByCustomer(String customerId, long offset, int limit) {
		List<Order> orders = this.jdbc
			.sql("SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
			.params(customerId, limit, offset)
			.query((rs, row) -> order(rs, List.of()))
			.list();
		if (orders.isEmpty()) {
			return orders;
		}
		Map<String, List<Order.Item>> items = new HashMap<>();
		this.jdbc
			.sql("SELECT order_id, sku, quantity, unit_price FROM order_items WHERE order_id IN (:ids) "
					+ "ORDER BY order_id, line")
			.param("ids", orders.stream().map(Order::id).toList())
			.query((rs) -> {
				items.computeIfAbsent(rs.getString("order_id"), (id) -> new ArrayList<>()).add(item(rs));
			});
		return orders.stream().map((order) -> order.withItems(items.getOrDefault(order.id(), List.of()))).toList();
	}

	boolean exists(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE id = ?").param(id).query(Integer.class).single() > 0;
	}

	/**
	 * Moves the order to {@code status} if its status allows ({@link OrderStatus#canMoveTo}); returns whether it
	 * moved. The move is a compare-and-set on the status read: when another event moved the order in between (two
	 * consumers, or two instances), the status is read again and the move judged anew, so that neither event is
	 * lost. Statuses only move forward, so under read-committed isolation this ends after at most as many rounds
	 * as there are statuses. Under a snapshot isolation the other move is either seen as a serialization failure
	 * (PostgreSQL) or not at all, and then the rounds run out; either way the event is retried in a transaction of
	 * its own.
	 */
	boolean updateStatus(String id, OrderStatus status, @Nullable String reason, Instant now) {
		for (int round = 0; round < OrderStatus.values().length; round++) {
			Optional<OrderStatus> current = this.jdbc.sql("SELECT status FROM orders WHERE id = ?")
				.param(id)
				.query((rs, row) -> OrderStatus.valueOf(rs.getString("status")))
				.optional();
			if (current.isEmpty() || !current.get().canMoveTo(status)) {
				return false;
			}
			int moved = this.jdbc
				.sql("UPDATE orders SET status = ?, reason = ?, updated_at = ? WHERE id = ? AND status = ?")
				.params(status.name(), reason, Timestamp.from(now), id, current.get().name())
				.update();
			if (moved == 1) {
				return true;
			}
		}
		throw new IllegalStateException("Order " + id + " kept changing status while moving to " + status);
	}

	private static Order order(ResultSet rs, List<Order.Item> items) throws SQLException {
		return new Order(rs.getString("id"), rs.getString("customer_id"), rs.getString("customer_name"),
				OrderStatus.valueOf(rs.getString("status")), rs.getString("reason"), rs.getBigDecimal("total"),
				rs.getString("payment_method"), rs.getString("shipping_address"), items,
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

	private static Order.Item item(ResultSet rs) throws SQLException {
		return new Order.Item(rs.getString("sku"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"));
	}

}
