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
		return this.jdbc.sql("SELECT * FROM orders WHERE id = ?").param(id).query(this::order).optional();
	}

	Optional<Order> findByIdempotencyKey(String customerId, String key) {
		return this.jdbc.sql("SELECT * FROM orders WHERE customer_id = ? AND idempotency_key = ?")
			.params(customerId, key)
			.query(this::order)
			.optional();
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

	/** Moves the order to {@code status} unless it is already final; returns whether it moved. */
	boolean updateStatus(String id, OrderStatus status, @Nullable String reason, Instant now) {
		Optional<Order> order = findById(id);
		if (order.isEmpty() || !order.get().status().canMoveTo(status)) {
			return false;
		}
		return this.jdbc.sql("UPDATE orders SET status = ?, reason = ?, updated_at = ? WHERE id = ? AND status = ?")
			.params(status.name(), reason, Timestamp.from(now), id, order.get().status().name())
			.update() == 1;
	}

	private Order order(ResultSet rs, int row) throws SQLException {
		List<Order.Item> items = this.jdbc
			.sql("SELECT sku, quantity, unit_price FROM order_items WHERE order_id = ? ORDER BY line")
			.param(rs.getString("id"))
			.query((item, n) -> item(item))
			.list();
		return order(rs, items);
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
