package dev.platform.demo.payments;

import java.math.BigDecimal;
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

/** Read side: the caller's payments of one order (an empty list for someone else's order). */
@RestController
@RequestMapping("/api/payments")
class PaymentsController {

	private final PaymentRepository payments;

	PaymentsController(PaymentRepository payments) {
		this.payments = payments;
	}

	record PaymentView(String id, String orderId, BigDecimal amount, String status, @Nullable String reason,
			Instant createdAt, Instant updatedAt) {
	}

	@GetMapping
	@RequireScopes("orders:read")
	List<PaymentView> payments(@RequestParam @Size(max = 36) @PlainText String orderId, JwtPrincipal caller) {
		return this.payments.findByOrderAndCustomer(orderId, caller.subject())
			.stream()
			.map((p) -> new PaymentView(p.id(), p.orderId(), p.amount(), p.status().name(), p.reason(),
					p.createdAt(), p.updatedAt()))
			.toList();
	}

}
