package dev.platform.web;

import io.micrometer.tracing.Tracer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Trace ids from Micrometer Tracing, when it is present. Imported before
 * {@link NoTracerTraceIdSourceConfiguration}, which is the fallback.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean(Tracer.class)
class TracerTraceIdSourceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceIdSource traceIdSource(Tracer tracer) {
		return new MicrometerTraceIdSource(tracer);
	}

}
