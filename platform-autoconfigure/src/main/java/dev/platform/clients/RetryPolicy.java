package dev.platform.clients;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * When a call may be retried at all, and which outcomes of an attempt are worth another one.
 */
final class RetryPolicy {

	private static final String APACHE_CONNECT_TIMEOUT = "org.apache.hc.client5.http.ConnectTimeoutException";

	/** Header with which a caller declares a non-idempotent request safe to repeat. */
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

	/** Statuses by which a downstream says it cannot serve the call now, as opposed to refusing the request. */
	static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

	private RetryPolicy() {
	}

	/** A request may be repeated when repeating it cannot change the outcome on the server. */
	static boolean mayRetry(HttpRequest request) {
		return IDEMPOTENT.contains(request.getMethod()) || request.getHeaders().containsHeader(IDEMPOTENCY_KEY);
	}

	/**
	 * Only failures that happened before the request reached the server: after that the server may have acted
	 * on it even though the answer was lost.
	 */
	static boolean isRetryable(Throwable failure) {
		return failure instanceof ConnectException || failure instanceof NoRouteToHostException
				|| failure instanceof HttpConnectTimeoutException || isApacheConnectTimeout(failure);
	}

	/**
	 * Apache HttpClient 5's connect timeout extends {@code SocketTimeoutException}, the read timeout's type, so it is
	 * recognised by name (Apache is optional, and Boot prefers it when present).
	 */
	private static boolean isApacheConnectTimeout(Throwable failure) {
		for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
			if (APACHE_CONNECT_TIMEOUT.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

	static boolean isRetryable(ClientHttpResponse response, Duration maxRetryAfter) {
		int status = statusOf(response);
		if (!RETRYABLE_STATUS.contains(status)) {
			return false;
		}
		Duration retryAfter = retryAfter(response);
		return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
	}

	/** Failures the circuit breaker counts: the downstream is broken or overloaded, not the request. */
	static boolean isFailure(ClientHttpResponse response) {
		int status = statusOf(response);
		return status >= 500 || status == 429;
	}

	static int statusOf(ClientHttpResponse response) {
		try {
			return response.getStatusCode().value();
		}
		catch (IOException ex) {
			return 500;
		}
	}

	/** Reads {@code Retry-After} in either of its forms: delay seconds or an HTTP date. */
	static @Nullable Duration retryAfter(ClientHttpResponse response) {
		return retryAfter(response.getHeaders());
	}

	/** Reads {@code Retry-After} in either of its forms: delay seconds or an HTTP date. */
	static @Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime date = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(ZonedDateTime.now(date.getZone()), date);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparseable) {
				return null;
			}
		}
	}

}
