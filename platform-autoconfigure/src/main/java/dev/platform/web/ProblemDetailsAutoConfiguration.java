package dev.platform.web;

import tools.jackson.core.JacksonException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Boot's problem details for Spring MVC's exceptions ({@code spring.mvc.problemdetails.enabled}, which the starter
 * switches on), with {@link PlatformProblemDetailsExceptionHandler} in place of Boot's handler so that an unreadable
 * body's problem names the field or position. An application's own {@link ResponseEntityExceptionHandler} wins.
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ResponseEntityExceptionHandler.class, JacksonException.class })
@ConditionalOnBooleanProperty("spring.mvc.problemdetails.enabled")
public final class ProblemDetailsAutoConfiguration {

	/** Boot's order for its handler: before the application's advices of default order. */
	@Bean
	@Order(0)
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	PlatformProblemDetailsExceptionHandler platformProblemDetailsExceptionHandler() {
		return new PlatformProblemDetailsExceptionHandler();
	}

}
