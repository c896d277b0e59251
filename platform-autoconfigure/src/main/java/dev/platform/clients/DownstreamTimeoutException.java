package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The downstream did not answer within the client's read timeout.
 */
public class DownstreamTimeoutException extends DownstreamException {

	public DownstreamTimeoutException(String client, String message, Duration retryAfter, @Nullable Throwable cause) {
		super(client, message, retryAfter, cause);
	}

	@Override
	public String getReason() {
		return "timeout";
	}

}
