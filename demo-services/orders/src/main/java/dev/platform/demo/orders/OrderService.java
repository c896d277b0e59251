package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.platform.events.Events;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders: the row and the {@code order.created} event commit together (transactional outbox). */
@Service
class OrderService {

	/** Body of {@code order.created}; payments charges it, shipping keeps the address for later. */
	record OrderCreated(String orderId, String customerId, BigDecimal total, String paymentMethod,
			String shippingAddress) {
	}

	private final OrderRepository orders;

	private final Events events;

	private final Clock clock = Clock.systemUTC();

	OrderService(OrderRepository orders, Events events) {
		this.orders = orders;
		this.events = events;
	}

	Optional<Order> previous(String customerId, @Nullable String idempotencyKey) {
		return (idempotencyKey != null) ? this.orders.findByIdempotencyKey(customerId, idempotencyKey)
				: Optional.empty();
	}

	@Transactional
	Order place(Customer customer, List<Order.Item> items, String paymentMethod, String shippingAddress,
			@Nullable String idempotencyKey) {
		BigDecimal total = items.stream()
			.map((item) -> item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(2, RoundingMode.HALF_UP);
		Instant now = this.clock.instant();
		Order order = new Order(UUID.randomUUID().toString(), customer.id(), customer.name(), OrderStatus.PENDING,
				null, total, paymentMethod, shippingAddress, items, now, now);
		this.orders.insert(order, idempotencyKey);
		this.events.publish("order.created", order.id(),
				new OrderCreated(order.id(), customer.id(), total, paymentMethod, shippingAddress));
		return order;
	}

}
