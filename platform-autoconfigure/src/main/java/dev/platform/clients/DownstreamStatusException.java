package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClientResponseException;

/**
 * A platform client's call got an answer that says "not now" (429, 502, 503 or 504) at its last attempt, and no
 * handler of the application resolved Spring's exception for it. The platform client still throws Spring's
 * {@code HttpServerErrorException} or {@code HttpClientErrorException} (so {@code onStatus} handlers, catches and
 * {@code getResponseBodyAs} work as with any {@code RestClient}); {@link DownstreamCauseExceptionResolver} hands this
 * exception, with Spring's as its cause, to Spring MVC's resolvers when that one was left unhandled, so the caller
 * gets a 503 with {@code Retry-After} instead of a 500. The same status from a client that is not the platform's (a
 * {@code RestTemplate}, a plain {@code RestClient}) is left as it was.
 */
public class DownstreamStatusException extends DownstreamException {

	private final int status;

	public DownstreamStatusException(String client, String message, Duration retryAfter, int status,
			@Nullable RestClientResponseException cause) {
		super(client, message, retryAfter, cause);
		this.status = status;
	}

	/**
	 * Returns the status the downstream answered.
	 * @return 429, 502, 503 or 504
	 */
	public int getStatus() {
		return this.status;
	}

	@Override
	public String getReason() {
		return "status_" + this.status;
	}

}
