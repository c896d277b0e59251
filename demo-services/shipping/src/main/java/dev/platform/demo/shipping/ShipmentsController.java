package dev.platform.demo.shipping;

import java.time.Instant;
import java.util.List;

import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.security.jwt.RequireScopes;
import dev.platform.web.PlainText;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read side: the caller's shipments of one order (an empty list for someone else's order). */
@RestController
@RequestMapping("/api/shipments")
class ShipmentsController {

	private final ShipmentRepository shipments;

	ShipmentsController(ShipmentRepository shipments) {
		this.shipments = shipments;
	}

	record ShipmentView(String id, String orderId, String status, @Nullable String trackingNumber,
			@Nullable String reason, String address, Instant createdAt) {
	}

	@GetMapping
	@RequireScopes("orders:read")
	List<ShipmentView> shipments(@RequestParam @Size(max = 36) @PlainText String orderId, JwtPrincipal caller) {
		return this.shipments.findByOrderAndCustomer(orderId, caller.subject())
			.stream()
			.map((s) -> new ShipmentView(s.id(), s.orderId(), s.status().name(), s.trackingNumber(), s.reason(),
					s.address(), s.createdAt()))
			.toList();
	}

}
