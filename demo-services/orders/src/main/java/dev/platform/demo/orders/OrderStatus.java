package dev.platform.demo.orders;

/** Where an order is in the saga. Moves forward only; CANCELLED and SHIPPED are final. */
enum OrderStatus {

	PENDING, PAID, SHIPPED, CANCELLED;

	/** Whether an event may move an order from this status to {@code next} (late or repeated events may not). */
	boolean canMoveTo(OrderStatus next) {
		return switch (this) {
			case PENDING -> next != PENDING;
			case PAID -> next == SHIPPED || next == CANCELLED;
			case SHIPPED, CANCELLED -> false;
		};
	}

}
