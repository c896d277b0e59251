package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The downstream could not be reached, or dropped the connection, on every attempt allowed.
 */
public class DownstreamUnavailableException extends DownstreamException {

	public DownstreamUnavailableException(String client, String message, Duration retryAfter, @Nullable Throwable cause) {
		super(client, message, retryAfter, cause);
	}

	@Override
	public String getReason() {
		return "unavailable";
	}

}
