package dev.platform.identity;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link ServiceIdentity} bean. Startup fails, before the web server starts, when the service has no name.
 */
@AutoConfiguration
public final class ServiceIdentityAutoConfiguration {

	static final String BEAN_NAME = "platformServiceIdentity";

	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean
	ServiceIdentity platformServiceIdentity(Environment environment) {
		return ServiceIdentity.from(environment);
	}

	/**
	 * Checks the name before any bean is created, so a nameless service fails before its web server starts and not
	 * after. An identity the application defines itself needs no name from the environment.
	 */
	@Bean
	static BeanFactoryPostProcessor platformServiceNameCheck(Environment environment) {
		return (beanFactory) -> {
			if (beanFactory.containsBeanDefinition(BEAN_NAME)) {
				ServiceIdentity.from(environment);
			}
		};
	}

}
