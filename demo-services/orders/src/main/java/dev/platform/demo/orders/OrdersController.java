package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.security.jwt.RequireScopes;
import dev.platform.web.InvalidFieldException;
import dev.platform.web.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The orders API. Every order belongs to the token's subject; others' orders are 404. */
@RestController
@RequestMapping("/api/orders")
class OrdersController {

	/** The largest total the orders and payments tables hold. */
	static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

	/** Most orders on one page of the list. */
	static final int MAX_PAGE_SIZE = 100;

	/** Last page that may be asked for: deeper offsets cost the database more than any client needs. */
	static final int MAX_PAGE = 10_000;

	/** The form of an order id (a UUID): anything else in a path is not echoed back, so a 404 says nothing it chose. */
	private static final Pattern ID_FORM = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final OrderService service;

	private final OrderRepository orders;

	private final CustomerDirectory customers;

	private final Catalog catalog;

	OrdersController(OrderService service, OrderRepository orders, CustomerDirectory customers, Catalog catalog) {
		this.service = service;
		this.orders = orders;
		this.customers = customers;
		this.catalog = catalog;
	}

	record NewOrder(@NotEmpty @Size(max = 100) List<@Valid @NotNull NewItem> items,
			@NotBlank @Size(max = 100) @PlainText String paymentMethod,
			@NotBlank @Size(max = 500) @PlainText String shippingAddress) {
	}

	/**
	 * An item asked for. The price is the catalog's; {@code unitPrice}, when sent, is the price the customer saw,
	 * and an order whose price has changed since is refused rather than charged differently.
	 */
	record NewItem(
			@NotBlank @Size(max = 100) @PlainText String sku,
			@NotNull @Min(1) @Max(1000) Integer quantity,
			@Nullable @DecimalMin("0.00") @Digits(integer = 8, fraction = 2) BigDecimal unitPrice) {
	}

	record OrderView(String id, String status, @Nullable String reason, BigDecimal total, String customerId,
			String customerName, List<Order.Item> items, String paymentMethod, String shippingAddress,
			Instant createdAt, Instant updatedAt) {

		static OrderView of(Order order) {
			return new OrderView(order.id(), order.status().name(), order.reason(), order.total(),
					order.customerId(), order.customerName(), order.items(), order.paymentMethod(),
					order.shippingAddress(), order.createdAt(), order.updatedAt());
		}

	}

	@PostMapping
	@RequireScopes("orders:write")
	ResponseEntity<OrderView> place(@Valid @RequestBody NewOrder request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			JwtPrincipal caller) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Idempotency-Key must be 1 to 200 characters.");
			problem.setTitle("Invalid Idempotency-Key");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		// A retry answers with the order as it was placed, at the prices of then: the catalog is not asked again.
		Optional<Order> previous = this.service.previous(caller.subject(), idempotencyKey);
		if (previous.isPresent()) {
			return replay(previous.get(), request);
		}
		List<Order.Item> items = priced(request.items());
		BigDecimal total = items.stream()
			.map((item) -> item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		if (total.compareTo(MAX_TOTAL) > 0) {
			// What the orders and payments tables hold (NUMERIC(12,2)); beyond it the insert would fail with a 500.
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The order total " + total.toPlainString() + " exceeds " + MAX_TOTAL.toPlainString() + ".");
			problem.setTitle("Order total too large");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		Customer customer = this.customers.customer(caller.subject());
		try {
			Order order = this.service.place(customer, items, request.paymentMethod(), request.shippingAddress(),
					idempotencyKey);
			return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(OrderView.of(order));
		}
		catch (DuplicateKeyException ex) {
			// A concurrent request with the same key won the race: answer with its order.
			return replay(this.service.previous(caller.subject(), idempotencyKey).orElseThrow(() -> ex), request);
		}
	}

	/** The items at the catalog's prices; an unknown product is a 400, a price the customer saw that changed a 409. */
	private List<Order.Item> priced(List<NewItem> asked) {
		Map<String, BigDecimal> prices = this.catalog.prices(asked.stream().map(NewItem::sku).toList());
		List<Order.Item> items = new ArrayList<>(asked.size());
		for (int i = 0; i < asked.size(); i++) {
			NewItem item = asked.get(i);
			String field = "items[" + i + "]";
			BigDecimal price = prices.get(item.sku());
			if (price == null) {
				throw new InvalidFieldException(field + ".sku", "is not a product we sell");
			}
			if (item.unitPrice() != null && item.unitPrice().compareTo(price) != 0) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The price of "
						+ item.sku() + " is " + price.toPlainString() + ", not the " + item.unitPrice().toPlainString()
						+ " this order was made with. Place it again at the current price.");
				problem.setTitle("Price changed");
				problem.setProperty("field", field + ".unitPrice");
				problem.setProperty("unitPrice", price);
				throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
			}
			items.add(new Order.Item(item.sku(), item.quantity(), price));
		}
		return items;
	}

	/**
	 * The order placed earlier with the same key, if this request asks for the same order. A different request
	 * with a reused key is refused (422, as the IETF Idempotency-Key draft says) instead of answered with an order
	 * the caller did not ask for, which would drop the new one without a word.
	 */
	private static ResponseEntity<OrderView> replay(Order order, NewOrder request) {
		if (!sameOrder(order, request)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
					"This Idempotency-Key was used for order " + order.id()
							+ " with other items, payment method or address. Use a new key for a new order.");
			problem.setTitle("Idempotency-Key reused");
			problem.setProperty("orderId", order.id());
			throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
		}
		return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(OrderView.of(order));
	}

	/** The same items (a price only where the request names one, against the one the order was placed at). */
	private static boolean sameOrder(Order order, NewOrder request) {
		List<NewItem> asked = request.items();
		if (!order.paymentMethod().equals(request.paymentMethod())
				|| !order.shippingAddress().equals(request.shippingAddress())
				|| order.items().size() != asked.size()) {
			return false;
		}
		for (int i = 0; i < asked.size(); i++) {
			Order.Item stored = order.items().get(i);
			NewItem item = asked.get(i);
			// Prices by value: the database gives 12.50 back for 12.5.
			if (!stored.sku().equals(item.sku()) || stored.quantity() != item.quantity()
					|| (item.unitPrice() != null && stored.unitPrice().compareTo(item.unitPrice()) != 0)) {
				return false;
			}
		}
		return true;
	}

	@GetMapping("/{id}")
	@RequireScopes("orders:read")
	OrderView order(@PathVariable String id, JwtPrincipal caller) {
		return this.orders.findById(id)
			.filter((order) -> order.customerId().equals(caller.subject()))
			.map(OrderView::of)
			.orElseThrow(() -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
						ID_FORM.matcher(id).matches() ? "No order " + id + "." : "No such order.");
				problem.setTitle("Order not found");
				return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
			});
	}

	/**
	 * The caller's orders, newest first, one page at a time: {@code size} orders (20 unless asked, at most 100)
	 * from {@code page} (0 first). A full page links to the next one ({@code Link: <...>; rel="next"}).
	 */
	@GetMapping
	@RequireScopes("orders:read")
	ResponseEntity<List<OrderView>> orders(JwtPrincipal caller,
			@RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		// One more than the page, to know whether there is a next one.
		List<Order> found = this.orders.findByCustomer(caller.subject(), (long) page * size, size + 1);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (found.size() > size) {
			response.header(HttpHeaders.LINK, "</api/orders?page=" + (page + 1) + "&size=" + size + ">; rel=\"next\"");
		}
		return response.body(found.stream().limit(size).map(OrderView::of).toList());
	}

}
