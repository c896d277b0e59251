package dev.platform.demo.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import dev.platform.clients.DownstreamClient;
import dev.platform.clients.DownstreamException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Reads customers from the users service through the platform client (timeouts, breaker, retries, the caller's
 * token relayed) and keeps a copy of each one: when users is down or its breaker is open, the copy answers.
 */
@Component
class CustomerDirectory {

	private final DownstreamClient users;

	private final JdbcClient jdbc;

	CustomerDirectory(@Qualifier("users") DownstreamClient users, JdbcClient jdbc) {
		this.users = users;
		this.jdbc = jdbc;
	}

	/**
	 * The customer, fresh from the users service or else the cached copy.
	 * @throws RuntimeException a 503 when users is unavailable and no copy exists
	 */
	Customer customer(String id) {
		return this.users.call(() -> remember(fetch(id)), (failure) -> cached(id).orElseThrow(() -> unavailable(failure)));
	}

	private static RuntimeException unavailable(RuntimeException failure) {
		if (failure instanceof DownstreamException) {
			return failure; // the starter answers 503 with Retry-After
		}
		// users answered 5xx: no copy to fall back on, so the order cannot be placed now.
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Customer data is unavailable; try again shortly.");
		problem.setTitle("Dependency unavailable");
		return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, failure);
	}

	private Customer fetch(String id) {
		Customer customer;
		try {
			customer = this.users.restClient().get().uri("/api/users/{id}", id).retrieve().body(Customer.class);
		}
		catch (HttpClientErrorException ex) {
			if (ex instanceof HttpClientErrorException.TooManyRequests) {
				throw ex; // users is overloaded: the copy answers
			}
			// users does not know or accept the caller (after a restart of its in-memory database, say): not a
			// failure of this service, and no copy should answer for a customer users disowns.
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
					"The users service does not know or accept the caller (it answered " + ex.getStatusCode().value()
							+ "); sign in again.");
			problem.setTitle("Unknown customer");
			throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, ex);
		}
		if (customer == null) {
			throw new IllegalStateException("Empty answer from users for " + id);
		}
		return customer;
	}

	Optional<Customer> cached(String id) {
		return this.jdbc.sql("SELECT id, name, email FROM customer_cache WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Customer(rs.getString("id"), rs.getString("name"), rs.getString("email")))
			.optional();
	}

	private Customer remember(Customer customer) {
		Timestamp now = Timestamp.from(Instant.now());
		int updated = this.jdbc.sql("UPDATE customer_cache SET name = ?, email = ?, fetched_at = ? WHERE id = ?")
			.params(customer.name(), customer.email(), now, customer.id())
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("INSERT INTO customer_cache (id, name, email, fetched_at) VALUES (?, ?, ?, ?)")
					.params(customer.id(), customer.name(), customer.email(), now)
					.update();
			}
			catch (org.springframework.dao.DuplicateKeyException ex) {
				// Another request cached the same customer a moment ago; its copy is as good as ours.
			}
		}
		return customer;
	}

}
