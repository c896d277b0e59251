package dev.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Exceptions no handler resolved are logged inside the request's trace and answered through the error page
 * ({@link UnhandledExceptionResolver}); {@code platform.web.log-unhandled-exceptions=false} leaves them to the
 * container.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HandlerExceptionResolver.class)
@EnableConfigurationProperties(PlatformWebProperties.class)
@ConditionalOnBooleanProperty(name = "platform.web.log-unhandled-exceptions", matchIfMissing = true)
public final class UnhandledExceptionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UnhandledExceptionResolver unhandledExceptionResolver() {
		return new UnhandledExceptionResolver();
	}

}
