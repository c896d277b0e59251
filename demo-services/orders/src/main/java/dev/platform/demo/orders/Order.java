package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order. {@code customerId} is the users service's id (no foreign key: that data lives elsewhere);
 * {@code customerName} is the copy taken when the order was placed.
 */
record Order(String id, String customerId, String customerName, OrderStatus status, @Nullable String reason,
		BigDecimal total, String paymentMethod, String shippingAddress, List<Item> items, Instant createdAt,
		Instant updatedAt) {

	record Item(String sku, int quantity, BigDecimal unitPrice) {
	}

	Order withItems(List<Item> items) {
		return new Order(this.id, this.customerId, this.customerName, this.status, this.reason, this.total,
				this.paymentMethod, this.shippingAddress, items, this.createdAt, this.updatedAt);
	}

}
