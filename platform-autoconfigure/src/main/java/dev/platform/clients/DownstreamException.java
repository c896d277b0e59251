package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClientException;

/**
 * A call to a downstream failed because the downstream is unavailable, overloaded or protected by its circuit
 * breaker, as opposed to answering with an error. A {@code RestClientException}, so existing handlers still
 * catch it; {@link DownstreamProblemAdvice} turns an unhandled one into a 503 with {@code Retry-After}.
 */
public abstract class DownstreamException extends RestClientException {

	private final String client;

	private final Duration retryAfter;

	protected DownstreamException(String client, String message, Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.client = client;
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns the name of the downstream, as configured under {@code platform.clients}.
	 * @return the client name
	 */
	public String getClient() {
		return this.client;
	}

	/**
	 * Returns how long a caller should wait before trying again.
	 * @return the suggested wait, at least one second
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * The downstream failure among the causes of an exception: a message converter that was reading a body when
	 * it failed (a body that stalled past the read timeout) is wrapped by Jackson and Spring on its way to the caller.
	 * @param ex the exception
	 * @return the failure, or {@code null}
	 */
	static @Nullable DownstreamException findIn(@Nullable Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < 32; i++) {
			if (cause instanceof DownstreamException downstream) {
				return downstream;
			}
			cause = cause.getCause();
		}
		return null;
	}

	/**
	 * Returns a short, stable code for the kind of failure, used in problem bodies and logs.
	 * @return for example {@code circuit_open}
	 */
	public abstract String getReason();

}
