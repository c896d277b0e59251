package dev.platform.demo.gateway;

import dev.platform.web.ProblemResponseWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the rate limit right after the platform's JWT filter (order -101). */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties,
			ProblemResponseWriter problems,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
		if (properties.getBurst() < 1 || properties.getRequestsPerSecond() <= 0 || properties.getMaxCallers() < 1) {
			throw new IllegalStateException("gateway.rate-limit.burst, gateway.rate-limit.requests-per-second and "
					+ "gateway.rate-limit.max-callers must be positive");
		}
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(properties, problems, System::nanoTime, actuatorBasePath));
		registration.setOrder(-100);
		return registration;
	}

}
