package dev.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@code platform.web.trust-trace-context=false}, for an edge service: requests from outside start traces of their
 * own instead of joining the one their headers name ({@link UntrustedTraceContextFilter}). Services behind the edge
 * keep the default, so that a trace spans them.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "platform.web.trust-trace-context", havingValue = false)
public final class UntrustedTraceContextAutoConfiguration {

	/** Before Boot's server observation filter (highest precedence + 1), which reads the trace context. */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	@ConditionalOnMissingBean(name = "untrustedTraceContextFilter")
	FilterRegistrationBean<UntrustedTraceContextFilter> untrustedTraceContextFilter() {
		FilterRegistrationBean<UntrustedTraceContextFilter> registration = new FilterRegistrationBean<>(
				new UntrustedTraceContextFilter());
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
