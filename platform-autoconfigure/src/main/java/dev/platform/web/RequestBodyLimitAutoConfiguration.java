package dev.platform.web;

import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A limit on request bodies ({@code platform.web.max-request-body-size}, 1 MB by default): a larger body is
 * answered with {@code 413} and a problem body instead of being read into memory whatever its size.
 */
@AutoConfiguration(after = TraceIdWebAutoConfiguration.class,
		afterName = "org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HandlerExceptionResolver.class)
@Conditional(OnRequestBodyLimitCondition.class)
@EnableConfigurationProperties(PlatformWebProperties.class)
public final class RequestBodyLimitAutoConfiguration {

	/** Right after the trace id header, so that a refused request's response carries it. */
	static final int FILTER_ORDER = TraceIdWebAutoConfiguration.TRACE_ID_FILTER_ORDER + 1;

	@Bean
	@ConditionalOnMissingBean(name = "requestBodyLimitFilter")
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(PlatformWebProperties properties,
			ProblemResponseWriter problems, ObjectProvider<MultipartConfigElement> multipart) {
		// Without multipart parsing (spring.servlet.multipart.enabled=false) nothing else limits such a body.
		MultipartConfigElement parsing = multipart.getIfAvailable();
		DataSize multipartLimit = (parsing != null) ? DataSize.ofBytes(parsing.getMaxRequestSize())
				: properties.getMaxRequestBodySize();
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.getMaxRequestBodySize(), multipartLimit, problems));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	RequestBodyTooLargeExceptionResolver requestBodyTooLargeExceptionResolver(ProblemResponseWriter problems) {
		return new RequestBodyTooLargeExceptionResolver(problems);
	}

	/**
	 * Tomcat answers {@code Expect: 100-continue} when the body is first read instead of as soon as the headers
	 * are in, so a client told {@code 413} from the {@code Content-Length} never sends the body.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatContinueConfiguration {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnReadCustomizer() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
					protocol.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
				}
			});
		}

	}

}
