package dev.platform.web;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * {@code platform.web.trust-trace-context=false}, for an edge service: requests from outside start traces of their
 * own instead of joining the one their headers name ({@link UntrustedTraceContextFilter}). Services behind the edge
 * keep the default, so that a trace spans them. A servlet feature: a reactive application that sets it fails to
 * start, rather than join whatever trace a caller names while its configuration says otherwise.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = UntrustedTraceContextAutoConfiguration.PROPERTY, havingValue = false)
public final class UntrustedTraceContextAutoConfiguration {

	static final String PROPERTY = "platform.web.trust-trace-context";

	/** Before Boot's server observation filter (highest precedence + 1), which reads the trace context. */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "untrustedTraceContextFilter")
		FilterRegistrationBean<UntrustedTraceContextFilter> untrustedTraceContextFilter(Environment environment) {
			// Baggage fields named as remote fields travel as headers of their own name.
			List<String> remoteFields = Binder.get(environment)
				.bind("management.tracing.baggage.remote-fields", Bindable.listOf(String.class))
				.orElse(List.of());
			FilterRegistrationBean<UntrustedTraceContextFilter> registration = new FilterRegistrationBean<>(
					new UntrustedTraceContextFilter(remoteFields));
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveConfiguration {

		@Bean
		static SmartInitializingSingleton untrustedTraceContextReactiveCheck() {
			return () -> {
				throw new InvalidConfigurationPropertyValueException(PROPERTY, false,
						"The starter hides a request's trace context in servlet applications only; in a reactive "
								+ "(WebFlux) application requests would still join the trace a caller names. "
								+ "Drop the trace headers at the proxy in front of it instead.");
			};
		}

	}

}
