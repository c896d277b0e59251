package dev.platform.web;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Problem bodies for what reaches Boot's {@code /error} page: {@link ProblemErrorController} in place of Boot's
 * {@code BasicErrorController}, unless the application has an {@link ErrorController} of its own or sets
 * {@code platform.web.problem-errors=false}.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class, after = TraceIdWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(BasicErrorController.class)
@ConditionalOnBooleanProperty(name = "platform.web.problem-errors", matchIfMissing = true)
@EnableConfigurationProperties(WebProperties.class)
public final class ProblemErrorControllerAutoConfiguration {

	/** Boot's bean name, so that Boot's own processing of its error controller applies to this one. */
	@Bean(name = "basicErrorController")
	@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
	ProblemErrorController basicErrorController(ErrorAttributes errorAttributes, WebProperties webProperties,
			ObjectProvider<ErrorViewResolver> errorViewResolvers, ProblemResponseWriter problems,
			TraceIdSource traceIds) {
		return new ProblemErrorController(errorAttributes, webProperties.getError(),
				errorViewResolvers.orderedStream().toList(), problems, traceIds);
	}

	/** Tomcat's own error report (what it refuses before any servlet runs) as a problem body too. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatErrorReportConfiguration {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValveCustomizer() {
			// The host starts the valve it is told to use; Boot's own error report valve, where it adds one, runs
			// outside it and finds the error already reported.
			return (factory) -> factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

	}

}
