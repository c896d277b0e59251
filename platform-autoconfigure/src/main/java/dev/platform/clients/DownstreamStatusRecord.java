package dev.platform.clients;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Which platform client last answered the inbound request's thread with a status that says "not now" (429, 502,
 * 503, 504) once its attempts were spent, kept as a request attribute: Spring's exception for that status does not
 * name the client, and {@link DownstreamCauseExceptionResolver} names it in the 503 it answers with.
 *
 * @param client the client's name
 * @param status the status of the last attempt
 * @param attempts how many attempts were made
 */
record DownstreamStatusRecord(String client, int status, int attempts) {

	/** Statuses by which a downstream says it cannot serve the call now, as opposed to refusing the request. */
	static final Set<Integer> NOT_NOW = Set.of(429, 502, 503, 504);

	/** The request attribute it is kept in. */
	static final String ATTRIBUTE = DownstreamStatusRecord.class.getName();

	/** Never longer than this, whatever the downstream asks: callers should probe again within a few minutes. */
	private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final int MAX_CAUSES = 32;

	/** Remembers the outcome of a call on the inbound request the current thread serves, if any. */
	static void remember(String client, int status, int attempts) {
		if (!NOT_NOW.contains(status)) {
			return;
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(ATTRIBUTE, new DownstreamStatusRecord(client, status, attempts),
					RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * The downstream's "not now" among the causes of an exception, as a {@link DownstreamStatusException}: named after
	 * the platform client that got it on this request when the status matches, else after no client.
	 * @param recorded the inbound request's attribute {@link #ATTRIBUTE}
	 * @param ex the exception no handler resolved
	 * @return the exception, or {@code null} when there is no such status among the causes
	 */
	static @Nullable DownstreamStatusException findIn(@Nullable Object recorded, Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause instanceof RestClientResponseException response && NOT_NOW.contains(response.getStatusCode().value())) {
				return toException(recorded, response);
			}
			cause = cause.getCause();
		}
		return null;
	}

	private static DownstreamStatusException toException(@Nullable Object recorded,
			RestClientResponseException response) {
		int status = response.getStatusCode().value();
		// The JDK's client gives no reason phrase (HTTP/2 has none): the standard one, for people reading the log.
		HttpStatus known = HttpStatus.resolve(status);
		String answered = status + ((known != null) ? " " + known.getReasonPhrase() : "");
		Duration retryAfter = retryAfter(response.getResponseHeaders());
		if (recorded instanceof DownstreamStatusRecord record && record.status() == status) {
			String message = record.client() + ": answered " + answered
					+ ((record.attempts() > 1) ? " on each of " + record.attempts() + " attempts" : "");
			return new DownstreamStatusException(record.client(), message, retryAfter, status, response);
		}
		return new DownstreamStatusException("unknown",
				"a downstream (not a platform client, or called from another thread) answered " + answered, retryAfter,
				status, response);
	}

	/** The downstream's {@code Retry-After}, between one second and five minutes; one second without it. */
	static Duration retryAfter(@Nullable HttpHeaders headers) {
		Duration asked = (headers != null) ? RetryPolicy.retryAfter(headers) : null;
		if (asked == null || asked.compareTo(DEFAULT_RETRY_AFTER) < 0) {
			return DEFAULT_RETRY_AFTER;
		}
		return (asked.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : asked;
	}

}
