package dev.platform.clients;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpResponse;

/**
 * The Resilience4j components of one downstream, built from its properties and registered under the client's
 * name so the Micrometer binders and the health indicator find them.
 */
record DownstreamResilience(String name, CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead,
		@Nullable RateLimiter rateLimiter, RetryBudget budget, int maxAttempts, Duration maxRetryAfter,
		Duration openDuration) {

	static DownstreamResilience create(String name, ClientProperties properties, CircuitBreakerRegistry breakers,
			RetryRegistry retries, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters) {
		ClientProperties.Retry retry = properties.getRetry();
		int rate = properties.getRateLimiter().getCallsPerSecond();
		// The registries hand out an existing instance of the same name and ignore the configuration passed in.
		requireUnused(name, "circuit breaker", breakers.find(name).isPresent());
		requireUnused(name, "retry", retries.find(name).isPresent());
		requireUnused(name, "bulkhead", bulkheads.find(name).isPresent());
		requireUnused(name, "rate limiter", rate > 0 && rateLimiters.find(name).isPresent());
		CircuitBreaker breaker = breakers.circuitBreaker(name, breakerConfig(properties));
		BreakerTransitionLog.attach(breaker);
		return new DownstreamResilience(name, breaker,
				retries.retry(name, retryConfig(retry)),
				bulkheads.bulkhead(name, BulkheadConfig.custom()
					.maxConcurrentCalls(properties.getBulkhead().getMaxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build()),
				(rate > 0) ? rateLimiters.rateLimiter(name, RateLimiterConfig.custom()
					.limitForPeriod(rate)
					.limitRefreshPeriod(Duration.ofSeconds(1))
					.timeoutDuration(Duration.ZERO)
					.build()) : null,
				new RetryBudget(retry.getBudgetRatio(), retry.getBudgetReserve()), retry.getMaxAttempts(),
				retry.getMaxRetryAfter(), properties.getCircuitBreaker().getOpenDuration());
	}

	/**
	 * Fails when the application's own Resilience4j registry already holds an instance under the client's name: the
	 * client would get that instance, configured by the application, instead of the one its properties describe
	 * (and, for a retry, without the platform's retry predicates), and nothing would say so.
	 */
	private static void requireUnused(String name, String component, boolean taken) {
		if (taken) {
			throw new ClientConfigurationException("platform.clients." + name,
					"names a downstream client, but the application's Resilience4j registry already has a " + component
							+ " named '" + name + "', which the client would use instead of its own configuration; "
							+ "rename the client or that " + component,
					false);
		}
	}

	private static CircuitBreakerConfig breakerConfig(ClientProperties properties) {
		ClientProperties.CircuitBreaker breaker = properties.getCircuitBreaker();
		Duration slow = (breaker.getSlowCallDuration() != null) ? breaker.getSlowCallDuration()
				: properties.getReadTimeout().dividedBy(2);
		// No automatic transition to half-open: it would need a scheduler thread per breaker; the first call
		// after the open duration moves the breaker instead.
		return CircuitBreakerConfig.custom()
			.slidingWindow(breaker.getSlidingWindowSize(), breaker.getMinimumCalls(), SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(breaker.getFailureRateThreshold())
			.slowCallRateThreshold(breaker.getSlowCallRateThreshold())
			.slowCallDurationThreshold(slow)
			.waitDurationInOpenState(breaker.getOpenDuration())
			.permittedNumberOfCallsInHalfOpenState(breaker.getHalfOpenCalls())
			.writableStackTraceEnabled(false)
			.build();
	}

	private static RetryConfig retryConfig(ClientProperties.Retry retry) {
		IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retry.getInitialBackoff(),
				retry.getMultiplier(), retry.getJitter(), retry.getMaxBackoff());
		return RetryConfig.<ClientHttpResponse>custom()
			.maxAttempts(retry.getMaxAttempts())
			.intervalBiFunction((attempt, outcome) -> {
				Duration retryAfter = outcome.isRight() ? RetryPolicy.retryAfter(outcome.get()) : null;
				return (retryAfter != null) ? Math.max(1, retryAfter.toMillis()) : backoff.apply(attempt);
			})
			.retryOnResult((response) -> RetryPolicy.isRetryable(response, retry.getMaxRetryAfter())
					&& ResilienceInterceptor.mayRetryAgain())
			.retryOnException((failure) -> RetryPolicy.isRetryable(failure) && ResilienceInterceptor.mayRetryAgain())
			.consumeResultBeforeRetryAttempt((attempt, response) -> response.close())
			.failAfterMaxAttempts(false)
			.writableStackTraceEnabled(false)
			.build();
	}

}
