package dev.platform.demo.payments;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One charge per order. {@code orderId} and {@code customerId} are other services' ids, not foreign keys. */
record Payment(String id, String orderId, String customerId, BigDecimal amount, String paymentMethod, Status status,
		@Nullable String reason, Instant createdAt, Instant updatedAt) {

	enum Status {

		COMPLETED, DECLINED, REFUNDED

	}

}
