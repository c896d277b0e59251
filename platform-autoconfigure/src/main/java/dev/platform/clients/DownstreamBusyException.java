package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The client's bulkhead or rate limiter rejected the call: too many calls to this downstream are in flight.
 */
public class DownstreamBusyException extends DownstreamException {

	public DownstreamBusyException(String client, String message, Duration retryAfter, @Nullable Throwable cause) {
		super(client, message, retryAfter, cause);
	}

	@Override
	public String getReason() {
		return "busy";
	}

}
