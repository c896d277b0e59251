package dev.platform.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Checks a client's properties before anything is built from them, so that a typo fails startup with the
 * property's name rather than failing the first call in production.
 */
final class ClientPropertiesValidator {

	private ClientPropertiesValidator() {
	}

	static void validate(String name, ClientProperties client) {
		String prefix = PlatformClientsProperties.PREFIX + "." + name + ".";
		validateUrl(prefix + "url", client.getUrl());
		positive(prefix + "connect-timeout", client.getConnectTimeout());
		positive(prefix + "read-timeout", client.getReadTimeout());
		ClientProperties.CircuitBreaker breaker = client.getCircuitBreaker();
		atLeast(prefix + "circuit-breaker.sliding-window-size", breaker.getSlidingWindowSize(), 1);
		atLeast(prefix + "circuit-breaker.minimum-calls", breaker.getMinimumCalls(), 1);
		percentage(prefix + "circuit-breaker.failure-rate-threshold", breaker.getFailureRateThreshold());
		percentage(prefix + "circuit-breaker.slow-call-rate-threshold", breaker.getSlowCallRateThreshold());
		if (breaker.getSlowCallDuration() != null) {
			positive(prefix + "circuit-breaker.slow-call-duration", breaker.getSlowCallDuration());
		}
		atLeastOneMillisecond(prefix + "circuit-breaker.open-duration", breaker.getOpenDuration());
		atLeast(prefix + "circuit-breaker.half-open-calls", breaker.getHalfOpenCalls(), 1);
		ClientProperties.Retry retry = client.getRetry();
		atLeast(prefix + "retry.max-attempts", retry.getMaxAttempts(), 1);
		atLeastOneMillisecond(prefix + "retry.initial-backoff", retry.getInitialBackoff());
		check(retry.getMultiplier() >= 1, prefix + "retry.multiplier", "must be 1 or more, was " + retry.getMultiplier());
		atLeastOneMillisecond(prefix + "retry.max-backoff", retry.getMaxBackoff());
		check(retry.getInitialBackoff().compareTo(retry.getMaxBackoff()) <= 0, prefix + "retry.initial-backoff",
				"must not be longer than " + prefix + "retry.max-backoff (" + format(retry.getMaxBackoff()) + "), was "
						+ format(retry.getInitialBackoff()));
		check(breaker.getMinimumCalls() <= breaker.getSlidingWindowSize(), prefix + "circuit-breaker.minimum-calls",
				"must not exceed " + prefix + "circuit-breaker.sliding-window-size (" + breaker.getSlidingWindowSize()
						+ "), was " + breaker.getMinimumCalls());
		check(retry.getJitter() >= 0 && retry.getJitter() < 1, prefix + "retry.jitter",
				"must be at least 0 and below 1, was " + retry.getJitter());
		check(!retry.getMaxRetryAfter().isNegative(), prefix + "retry.max-retry-after", "must not be negative");
		check(retry.getBudgetRatio() >= 0 && retry.getBudgetRatio() <= 1, prefix + "retry.budget-ratio",
				"must be between 0 and 1, was " + retry.getBudgetRatio());
		atLeast(prefix + "retry.budget-reserve", retry.getBudgetReserve(), 0);
		atLeast(prefix + "bulkhead.max-concurrent-calls", client.getBulkhead().getMaxConcurrentCalls(), 1);
		atLeast(prefix + "rate-limiter.calls-per-second", client.getRateLimiter().getCallsPerSecond(), 0);
	}

	private static void validateUrl(String property, @Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new ClientConfigurationException(property,
					"is required: set it to the downstream's base URL, for example http://users:8080");
		}
		try {
			URI uri = new URI(url.trim());
			String scheme = uri.getScheme();
			check(uri.isAbsolute() && uri.getHost() != null
					&& ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)), property,
					"must be an absolute http or https URL with a host, was '" + url + "'");
			check(uri.getPort() <= 65535, property, "has port " + uri.getPort() + ", above 65535");
		}
		catch (URISyntaxException ex) {
			throw new ClientConfigurationException(property, "is not a valid URL ('" + url + "'): " + ex.getReason());
		}
	}

	/** As a property would be written ({@code -1s}, {@code 250ms}, {@code 1500us}), not ISO-8601 ({@code PT-1S}). */
	static String format(Duration value) {
		if (value.getNano() == 0) {
			return value.getSeconds() + "s";
		}
		if (value.getNano() % 1_000_000 == 0) {
			return value.toMillis() + "ms";
		}
		if (value.getNano() % 1_000 == 0) {
			return value.dividedBy(Duration.ofNanos(1000)) + "us";
		}
		return value.toNanos() + "ns";
	}

	private static void positive(String property, Duration value) {
		check(!value.isNegative() && !value.isZero(), property, "must be a positive duration, was " + format(value));
	}

	/** Resilience4j counts these in whole milliseconds and refuses 0 ms, at startup or, for backoffs, at the retry. */
	private static void atLeastOneMillisecond(String property, Duration value) {
		check(value.compareTo(Duration.ofMillis(1)) >= 0, property, "must be at least 1ms, was " + format(value));
	}

	private static void atLeast(String property, int value, int minimum) {
		check(value >= minimum, property, "must be at least " + minimum + ", was " + value);
	}

	private static void percentage(String property, float value) {
		check(value > 0 && value <= 100, property, "must be a percentage above 0 and at most 100, was " + value);
	}

	private static void check(boolean valid, String property, String problem) {
		if (!valid) {
			throw new ClientConfigurationException(property, problem);
		}
	}

}
