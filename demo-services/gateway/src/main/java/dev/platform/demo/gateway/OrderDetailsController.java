package dev.platform.demo.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.platform.clients.DownstreamClient;
import dev.platform.security.jwt.BearerTokenHolder;
import dev.platform.security.jwt.RequireScopes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.HttpStatusCodeException;

/**
 * {@code GET /api/orders/{id}/details}: the order, its payment and its shipment, fetched in parallel through the
 * platform clients (the order on the request thread, the other two on {@link DetailsParts}' bounded pool). Payment
 * or shipment unavailable, or not there within {@value #PART_DEADLINE_SECONDS} s: still 200, with what is known and
 * the missing parts named in {@code degraded}. The order itself is required (404 or 503 without it).
 */
@RestController
class OrderDetailsController {

	private static final Logger logger = LoggerFactory.getLogger(OrderDetailsController.class);

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final DownstreamClient orders;

	private final DownstreamClient payments;

	private final DownstreamClient shipping;

	private final BearerTokenHolder tokens;

	private final DetailsParts parts;

	OrderDetailsController(@Qualifier("orders") DownstreamClient orders,
			@Qualifier("payments") DownstreamClient payments, @Qualifier("shipping") DownstreamClient shipping,
			BearerTokenHolder tokens, DetailsParts parts) {
		this.orders = orders;
		this.payments = payments;
		this.shipping = shipping;
		this.tokens = tokens;
		this.parts = parts;
	}

	record OrderDetails(Map<String, Object> order, @Nullable Map<String, Object> payment,
			@Nullable Map<String, Object> shipment, List<String> degraded) {
	}

	/** Marks a part that could not be fetched, as opposed to one that does not exist yet (null). */
	private static final Map<String, Object> UNAVAILABLE = Map.of();

	/** Above a client's read timeout (2 s), below what a person waits for a page. */
	static final long PART_DEADLINE_SECONDS = 3;

	@GetMapping("/api/orders/{id}/details")
	@RequireScopes("orders:read")
	OrderDetails details(@PathVariable String id) {
		// The token lives in the request context of this thread; the optional parts are fetched on other threads
		// meanwhile, the order itself on this one (it is required, and so never waits for the parts' pool).
		String authorization = "Bearer " + this.tokens.currentBearerToken().orElseThrow();
		CompletableFuture<@Nullable Map<String, Object>> payment = this.parts.fetch("payments",
				() -> first(this.payments, "/api/payments?orderId={id}", id, authorization), UNAVAILABLE);
		CompletableFuture<@Nullable Map<String, Object>> shipment = this.parts.fetch("shipping",
				() -> first(this.shipping, "/api/shipments?orderId={id}", id, authorization), UNAVAILABLE);
		Map<String, Object> orderBody = order(id, authorization);
		if (orderBody == null) {
			throw new IllegalStateException("Empty answer from orders for " + id);
		}
		List<String> degraded = new ArrayList<>();
		Map<String, Object> paymentBody = payment.join();
		if (paymentBody == UNAVAILABLE) {
			degraded.add("payments");
			paymentBody = null;
		}
		Map<String, Object> shipmentBody = shipment.join();
		if (shipmentBody == UNAVAILABLE) {
			degraded.add("shipping");
			shipmentBody = null;
		}
		return new OrderDetails(orderBody, paymentBody, shipmentBody, degraded);
	}

	private @Nullable Map<String, Object> first(DownstreamClient client, String uri, String id, String authorization) {
		Function<RuntimeException, @Nullable Map<String, Object>> unavailable = (failure) -> {
			// The status only: a 4xx body may repeat what the caller sent.
			logger.warn("Order details without {}: {}", client.name(),
					(failure instanceof HttpStatusCodeException status) ? status.getStatusCode() : failure.toString());
			return UNAVAILABLE;
		};
		return client.call(() -> {
			try {
				List<Map<String, Object>> list = client.restClient()
					.get()
					.uri(uri, id)
					.header(HttpHeaders.AUTHORIZATION, authorization)
					.retrieve()
					.body(LIST);
				return (list == null || list.isEmpty()) ? null : list.get(0);
			}
			catch (HttpClientErrorException ex) {
				// A 4xx is not the service being down (the breaker does not count it), but the part is missing all
				// the same: a token that expired on the way, a service that has no keys yet. Not the order's 404.
				return unavailable.apply(ex);
			}
		}, unavailable);
	}

	/**
	 * The order, or the problem that answers for it: its 404 as ours, a refused token (401, 403) as such, another
	 * 4xx as the gateway's fault (502: the caller cannot fix it), a 5xx as 503.
	 */
	private @Nullable Map<String, Object> order(String id, String authorization) {
		try {
			return this.orders.restClient()
				.get()
				.uri("/api/orders/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.retrieve()
				.body(OBJECT);
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw problem(HttpStatus.NOT_FOUND, "Order not found", "No such order.", ex);
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			ErrorResponseException unauthorized = problem(HttpStatus.UNAUTHORIZED, "Unauthorized",
					"Orders did not accept the token.", ex);
			unauthorized.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			throw unauthorized;
		}
		catch (HttpClientErrorException.Forbidden ex) {
			throw problem(HttpStatus.FORBIDDEN, "Forbidden", "Orders refused the token for this order.", ex);
		}
		catch (HttpClientErrorException ex) {
			throw problem(HttpStatus.BAD_GATEWAY, "Bad gateway", "Orders refused the gateway's request.", ex);
		}
		catch (HttpServerErrorException ex) {
			// orders answered 5xx (its database is down, say): without the order there are no details.
			ErrorResponseException unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE, "Dependency unavailable",
					"Orders is unavailable; try again shortly.", ex);
			unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			throw unavailable;
		}
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail, Throwable cause) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, cause);
	}

}
