package dev.platform.demo.gateway;

import dev.platform.web.ProblemResponseWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the rate limits: per address before the platform's JWT filter (order -101), per caller after it. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties,
			ProblemResponseWriter problems,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
		if (properties.getBurst() < 1 || properties.getRequestsPerSecond() <= 0 || properties.getMaxCallers() < 1
				|| properties.getAddress().getBurst() < 1 || properties.getAddress().getRequestsPerSecond() <= 0) {
			throw new IllegalStateException("gateway.rate-limit.burst, gateway.rate-limit.requests-per-second, "
					+ "gateway.rate-limit.max-callers and gateway.rate-limit.address.* must be positive");
		}
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				RateLimitFilter.perCaller(properties, problems, System::nanoTime, actuatorBasePath));
		registration.setOrder(-100);
		return registration;
	}

	/** Before the JWT filter (-101), after the dot-segment check (-110). */
	@Bean
	FilterRegistrationBean<RateLimitFilter> addressRateLimitFilter(RateLimitProperties properties,
			ProblemResponseWriter problems,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				RateLimitFilter.perAddress(properties, problems, System::nanoTime, actuatorBasePath));
		registration.setOrder(-105);
		return registration;
	}

}
