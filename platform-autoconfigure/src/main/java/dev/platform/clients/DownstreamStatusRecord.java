package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Which platform client last answered the inbound request's thread with a status that says "not now" (429, 502,
 * 503, 504) once its attempts were spent, kept as a request attribute: Spring's exception for that status does not
 * name the client (nor say that a platform client made the call), and {@link DownstreamCauseExceptionResolver}
 * answers 503 naming it. Any other answer of a platform client clears it.
 * <p>
 * A call on a thread without the request (an executor, {@code CompletableFuture.supplyAsync}) has no attribute to
 * keep it in: its response carries the record instead, in the header {@value #MARKER_HEADER}, which Spring copies
 * into the exception it throws for the status, so the exception arriving on the request thread still names its
 * client. The header's value starts with a secret of this process, so a downstream cannot forge one.
 *
 * @param client the client's name
 * @param status the status of the last attempt
 * @param attempts how many attempts were made
 */
record DownstreamStatusRecord(String client, int status, int attempts) {

	/** The request attribute it is kept in. */
	static final String ATTRIBUTE = DownstreamStatusRecord.class.getName();

	/** Never longer than this, whatever the downstream asks: callers should probe again within a few minutes. */
	private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final int MAX_CAUSES = 32;

	/** The header a response answered off the request thread carries the record in. */
	static final String MARKER_HEADER = "X-Platform-Downstream-Status";

	/** Known to this process only: a marker header a downstream sent itself does not start with it. */
	private static final String SECRET = java.util.UUID.randomUUID().toString();

	/**
	 * Remembers the outcome of a platform client's call on the inbound request the current thread serves, if any: a
	 * "not now" status replaces what an earlier call left, any other answer clears it, so an answer is never blamed
	 * on a client whose earlier failure the application had handled.
	 */
	static boolean remember(String client, int status, int attempts) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return false;
		}
		try {
			if (RetryPolicy.RETRYABLE_STATUS.contains(status)) {
				request.setAttribute(ATTRIBUTE, new DownstreamStatusRecord(client, status, attempts),
						RequestAttributes.SCOPE_REQUEST);
			}
			else if (request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) != null) {
				request.removeAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
			}
		}
		catch (IllegalStateException ex) {
			// The request is no longer active (the call runs after an async handler's first dispatch, or on a thread
			// the request attributes were handed to): there is no response of it left to shape.
		}
		return true;
	}

	/**
	 * The response of a call made off the request thread, with the record in {@value #MARKER_HEADER} when its status
	 * says "not now"; any other response as it is.
	 * @param response the response of the last attempt
	 * @param client the client's name
	 * @param status the response's status
	 * @param attempts how many attempts were made
	 * @return the response to hand on
	 */
	static ClientHttpResponse marked(ClientHttpResponse response, String client, int status, int attempts) {
		if (!RetryPolicy.RETRYABLE_STATUS.contains(status)) {
			return response;
		}
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(response.getHeaders());
		headers.set(MARKER_HEADER, SECRET + " " + attempts + " " + client);
		return new MarkedResponse(response, HttpHeaders.readOnlyHttpHeaders(headers));
	}

	/** The record a marked response's exception carries, or {@code null}. */
	private static @Nullable DownstreamStatusRecord markedIn(RestClientResponseException response) {
		HttpHeaders headers = response.getResponseHeaders();
		String marker = (headers != null) ? headers.getFirst(MARKER_HEADER) : null;
		if (marker == null || !marker.startsWith(SECRET + " ")) {
			return null;
		}
		String[] parts = marker.substring(SECRET.length() + 1).split(" ", 2);
		try {
			return new DownstreamStatusRecord(parts[1], response.getStatusCode().value(), Integer.parseInt(parts[0]));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The downstream's "not now" among the causes of an exception, as a {@link DownstreamStatusException}, when a
	 * platform client got that status on this request: Spring's exception does not say which client (or which
	 * {@code RestTemplate}) it came from, and a status no platform client recorded is left to the application.
	 * @param recorded the inbound request's attribute {@link #ATTRIBUTE}
	 * @param ex the exception no handler resolved
	 * @return the exception, or {@code null} when there is no such status among the causes
	 */
	static @Nullable DownstreamStatusException findIn(@Nullable Object recorded, Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause instanceof RestClientResponseException response) {
				DownstreamStatusRecord marked = markedIn(response);
				if (marked != null) {
					return marked.toException(response);
				}
				if (recorded instanceof DownstreamStatusRecord record
						&& response.getStatusCode().value() == record.status()) {
					return record.toException(response);
				}
			}
			cause = cause.getCause();
		}
		return null;
	}

	private DownstreamStatusException toException(RestClientResponseException response) {
		// The JDK's client gives no reason phrase (HTTP/2 has none): the standard one, for people reading the log.
		HttpStatus known = HttpStatus.resolve(this.status);
		String message = this.client + ": answered " + this.status + ((known != null) ? " " + known.getReasonPhrase() : "")
				+ ((this.attempts > 1) ? " to the last of " + this.attempts + " attempts" : "");
		return new DownstreamStatusException(this.client, message, retryAfter(response.getResponseHeaders()),
				this.status, response);
	}

	/** The downstream's {@code Retry-After}, between one second and five minutes; one second without it. */
	static Duration retryAfter(@Nullable HttpHeaders headers) {
		Duration asked = (headers != null) ? RetryPolicy.retryAfter(headers) : null;
		if (asked == null || asked.compareTo(DEFAULT_RETRY_AFTER) < 0) {
			return DEFAULT_RETRY_AFTER;
		}
		return (asked.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : asked;
	}

	/** A response with other headers, everything else the original's. */
	private static final class MarkedResponse extends DelegatingClientHttpResponse {

		private final HttpHeaders headers;

		MarkedResponse(ClientHttpResponse response, HttpHeaders headers) {
			super(response);
			this.headers = headers;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
