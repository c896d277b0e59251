package dev.platform.demo.orders;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderStatusTests {

	@Test
	void movesForwardOnly() {
		assertThat(OrderStatus.PENDING.canMoveTo(OrderStatus.PAID)).isTrue();
		assertThat(OrderStatus.PENDING.canMoveTo(OrderStatus.CANCELLED)).isTrue();
		assertThat(OrderStatus.PAID.canMoveTo(OrderStatus.SHIPPED)).isTrue();
		assertThat(OrderStatus.PAID.canMoveTo(OrderStatus.CANCELLED)).isTrue();
		assertThat(OrderStatus.PAID.canMoveTo(OrderStatus.PENDING)).isFalse();
		assertThat(OrderStatus.PAID.canMoveTo(OrderStatus.PAID)).isFalse();
	}

	@Test
	void neverLeavesAFinalStatus() {
		for (OrderStatus next : OrderStatus.values()) {
			assertThat(OrderStatus.SHIPPED.canMoveTo(next)).isFalse();
			assertThat(OrderStatus.CANCELLED.canMoveTo(next)).isFalse();
		}
	}

}
