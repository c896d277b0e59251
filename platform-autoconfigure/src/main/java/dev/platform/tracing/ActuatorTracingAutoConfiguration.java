package dev.platform.tracing;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Keeps health checks and Prometheus scrapes out of traces and request metrics.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ObservationPredicate.class, ServerRequestObservationContext.class })
@ConditionalOnBooleanProperty(name = "platform.tracing.ignore-actuator-requests", matchIfMissing = true)
@EnableConfigurationProperties(PlatformTracingProperties.class)
public final class ActuatorTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "actuatorRequestsObservationPredicate")
	ObservationPredicate actuatorRequestsObservationPredicate(Environment environment) {
		return new ActuatorRequestsObservationPredicate(
				environment.getProperty("management.endpoints.web.base-path", "/actuator"),
				environment.getProperty("spring.mvc.servlet.path", "/"));
	}

}
