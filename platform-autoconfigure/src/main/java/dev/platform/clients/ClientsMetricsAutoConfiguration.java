package dev.platform.clients;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import dev.platform.web.PlatformWebProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Client metrics beyond Boot's {@code http.client.requests}: Resilience4j's breaker, retry, bulkhead and rate
 * limiter meters (tag {@code name} = client name), outbound calls per inbound request and the inbound call depth
 * ({@code platform.web.trust-call-depth}).
 */
@AutoConfiguration(after = ClientsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, TaggedCircuitBreakerMetrics.class })
@ConditionalOnBean(DownstreamClients.class)
public final class ClientsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaggedCircuitBreakerMetrics taggedCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
		return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	TaggedRetryMetrics taggedRetryMetrics(RetryRegistry registry) {
		return TaggedRetryMetrics.ofRetryRegistry(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	TaggedBulkheadMetrics taggedBulkheadMetrics(BulkheadRegistry registry) {
		return TaggedBulkheadMetrics.ofBulkheadRegistry(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	TaggedRateLimiterMetrics taggedRateLimiterMetrics(RateLimiterRegistry registry) {
		return TaggedRateLimiterMetrics.ofRateLimiterRegistry(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnBean(MeterRegistry.class)
	@EnableConfigurationProperties(PlatformWebProperties.class)
	static class CallsPerRequestConfiguration {

		/** Outside every other filter, so calls made by filters (authentication, say) are counted too. */
		static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

		@Bean
		@ConditionalOnMissingBean(name = "callsPerRequestFilter")
		FilterRegistrationBean<CallsPerRequestFilter> callsPerRequestFilter(MeterRegistry registry,
				PlatformWebProperties web) {
			FilterRegistrationBean<CallsPerRequestFilter> registration = new FilterRegistrationBean<>(
					new CallsPerRequestFilter(registry, web.isTrustCallDepth()));
			registration.setOrder(ORDER);
			return registration;
		}

	}

}
