package dev.platform.web;

import java.util.Map;

import dev.platform.environment.PlatformPropertySources;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns on Boot's RFC 9457 problem details for Spring MVC's own exceptions, so a 404 or a validation
 * failure answers with a problem body (which then carries {@code traceId}).
 */
public class WebEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PlatformPropertySources.addDefaults(environment, Map.of("spring.mvc.problemdetails.enabled", "true"));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
