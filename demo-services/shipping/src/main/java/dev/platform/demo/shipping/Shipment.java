package dev.platform.demo.shipping;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One shipment per paid order. {@code orderId}, {@code customerId}: other services' ids. */
record Shipment(String id, String orderId, String customerId, String address, Status status,
		@Nullable String trackingNumber, @Nullable String reason, Instant createdAt) {

	enum Status {

		CREATED, FAILED

	}

}
