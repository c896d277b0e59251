package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker of a downstream is open: the call was not attempted.
 */
public class DownstreamCircuitOpenException extends DownstreamException {

	public DownstreamCircuitOpenException(String client, String message, Duration retryAfter, @Nullable Throwable cause) {
		super(client, message, retryAfter, cause);
	}

	@Override
	public String getReason() {
		return "circuit_open";
	}

}
