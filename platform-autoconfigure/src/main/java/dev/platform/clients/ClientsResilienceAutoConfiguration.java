package dev.platform.clients;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Resilience4j registries that hold every client's breaker, retry, bulkhead and rate limiter under the
 * client's name; the metrics and health auto-configurations read them.
 */
@AutoConfiguration
@ConditionalOnClass({ CircuitBreakerRegistry.class, RetryRegistry.class, BulkheadRegistry.class,
		RateLimiterRegistry.class })
public final class ClientsResilienceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerRegistry circuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	RetryRegistry retryRegistry() {
		return RetryRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	BulkheadRegistry bulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimiterRegistry rateLimiterRegistry() {
		return RateLimiterRegistry.ofDefaults();
	}

}
