package dev.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;

/**
 * Trace ids where a user or a client can see them: a response header on every request and a
 * {@code traceId} property in every RFC 9457 problem body.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ProblemDetail.class)
@EnableConfigurationProperties(PlatformWebProperties.class)
@Import({ TracerTraceIdSourceConfiguration.class, NoTracerTraceIdSourceConfiguration.class })
public final class TraceIdWebAutoConfiguration {

	/** Runs right after Spring's server observation filter, which opens the span. */
	static final int TRACE_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	@ConditionalOnMissingBean
	ProblemResponseWriter platformProblemResponseWriter(TraceIdSource traceIdSource) {
		return new ProblemResponseWriter(traceIdSource);
	}

	@Bean
	@ConditionalOnMissingBean
	TraceIdProblemDetailAdvice traceIdProblemDetailAdvice(TraceIdSource traceIdSource) {
		return new TraceIdProblemDetailAdvice(traceIdSource);
	}

	@Bean
	@Conditional(OnTraceIdHeaderCondition.class)
	@ConditionalOnMissingBean(name = "traceIdResponseHeaderFilter")
	FilterRegistrationBean<TraceIdResponseHeaderFilter> traceIdResponseHeaderFilter(TraceIdSource traceIdSource,
			PlatformWebProperties properties) {
		FilterRegistrationBean<TraceIdResponseHeaderFilter> registration = new FilterRegistrationBean<>(
				new TraceIdResponseHeaderFilter(traceIdSource, properties.getTraceIdHeader()));
		registration.setOrder(TRACE_ID_FILTER_ORDER);
		return registration;
	}

}
