package dev.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without tracing there is no trace id: headers and problem bodies simply go without one.
 */
@Configuration(proxyBeanMethods = false)
class NoTracerTraceIdSourceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceIdSource traceIdSource() {
		return () -> null;
	}

}
