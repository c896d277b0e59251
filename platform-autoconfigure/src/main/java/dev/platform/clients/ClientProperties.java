package dev.platform.clients;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The resilience profile of one downstream service. Every knob but {@code url} has a default tuned for calls
 * between services in one data centre; the README gives the reason for each.
 */
public class ClientProperties {

	/** Base URL of the downstream, usually from an environment variable; required. */
	private @Nullable String url;

	/** Whether to create this client; false leaves it out, for example in an environment without the service. */
	private boolean enabled = true;

	/** Time allowed to open a TCP connection. */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * Time allowed for the response: with the JDK's HTTP client, from sending the request until the whole body is
	 * read; with Apache HttpClient and the other clients, for each read of the response.
	 */
	private Duration readTimeout = Duration.ofSeconds(2);

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) to reach this downstream with, in place of
	 * spring.http.clients.ssl.bundle: its trust store for a private CA, its key store for mutual TLS.
	 */
	private @Nullable String sslBundle;

	/**
	 * Whether to send the incoming request's bearer token on to this downstream (needs an OutboundTokenSource). Only
	 * to the scheme, host and port of the url; such a client does not follow redirects.
	 */
	private boolean relayToken = false;

	/**
	 * Whether to send X-Platform-Call-Depth (how many synchronous calls in a row led to this one), which the
	 * downstream's starter records; false for a downstream outside the platform.
	 */
	private boolean callDepthHeader = true;

	/** Circuit breaker of this downstream. */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/** Retries of safe-to-repeat calls to this downstream. */
	private final Retry retry = new Retry();

	/** Bound on concurrent calls to this downstream. */
	private final Bulkhead bulkhead = new Bulkhead();

	/** Optional client-side rate limit. */
	private final RateLimiter rateLimiter = new RateLimiter();

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isCallDepthHeader() {
		return this.callDepthHeader;
	}

	public void setCallDepthHeader(boolean callDepthHeader) {
		this.callDepthHeader = callDepthHeader;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public boolean isRelayToken() {
		return this.relayToken;
	}

	public void setRelayToken(boolean relayToken) {
		this.relayToken = relayToken;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	/**
	 * Circuit breaker over the last calls to this downstream.
	 */
	public static class CircuitBreaker {

		/** Number of most recent calls the failure and slow-call rates are computed over. */
		private int slidingWindowSize = 20;

		/** Calls to record before the breaker may open, so a single early failure cannot open it. */
		private int minimumCalls = 10;

		/** Percentage of failed calls (I/O errors, 5xx, 429) at or above which the breaker opens. */
		private float failureRateThreshold = 50;

		/** Percentage of slow calls at or above which the breaker opens. */
		private float slowCallRateThreshold = 80;

		/** Duration above which a call counts as slow; defaults to half the read timeout. */
		private @Nullable Duration slowCallDuration;

		/** How long the breaker stays open, failing calls fast, before it lets probes through. */
		private Duration openDuration = Duration.ofSeconds(5);

		/**
		 * Number of probe calls let through while half-open; the breaker closes when their failure and slow-call
		 * rates are below the thresholds, and opens again otherwise.
		 */
		private int halfOpenCalls = 3;

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public @Nullable Duration getSlowCallDuration() {
			return this.slowCallDuration;
		}

		public void setSlowCallDuration(@Nullable Duration slowCallDuration) {
			this.slowCallDuration = slowCallDuration;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

		public int getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(int halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

	}

	/**
	 * Retries of idempotent calls on connect failures, 502, 503, 504 and 429.
	 */
	public static class Retry {

		/** Attempts per call including the first; 1 switches retries off. */
		private int maxAttempts = 3;

		/** Backoff before the first retry; it doubles (see multiplier) for each further retry. */
		private Duration initialBackoff = Duration.ofMillis(100);

		/** Factor the backoff grows by from one retry to the next. */
		private double multiplier = 2;

		/** Longest backoff between two attempts. */
		private Duration maxBackoff = Duration.ofSeconds(1);

		/** Random spread around each backoff (0.5 = plus or minus 50%), so callers do not retry in lockstep. */
		private double jitter = 0.5;

		/** Longest Retry-After the client waits for; a downstream asking for more is not retried. */
		private Duration maxRetryAfter = Duration.ofSeconds(2);

		/** Retries allowed per call made, on average (0.2 = at most one retry per five calls once the reserve is spent). */
		private double budgetRatio = 0.2;

		/** Retries that may be spent before calls have earned them, so a quiet client can still retry. */
		private int budgetReserve = 10;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public double getBudgetRatio() {
			return this.budgetRatio;
		}

		public void setBudgetRatio(double budgetRatio) {
			this.budgetRatio = budgetRatio;
		}

		public int getBudgetReserve() {
			return this.budgetReserve;
		}

		public void setBudgetReserve(int budgetReserve) {
			this.budgetReserve = budgetReserve;
		}

	}

	/**
	 * Bound on concurrent calls to this downstream.
	 */
	public static class Bulkhead {

		/** Calls allowed in flight at once; the next one is rejected at once instead of queueing. */
		private int maxConcurrentCalls = 25;

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

	}

	/**
	 * Optional client-side rate limit, for downstreams with a published quota.
	 */
	public static class RateLimiter {

		/** Calls allowed per second; 0 means no limit. */
		private int callsPerSecond = 0;

		public int getCallsPerSecond() {
			return this.callsPerSecond;
		}

		public void setCallsPerSecond(int callsPerSecond) {
			this.callsPerSecond = callsPerSecond;
		}

	}

}
