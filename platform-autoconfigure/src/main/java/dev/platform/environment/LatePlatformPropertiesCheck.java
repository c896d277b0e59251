package dev.platform.environment;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the {@code platform.*} names of the property sources that arrived after
 * {@link UnknownPlatformPropertiesEnvironmentPostProcessor} ran: {@code @PropertySource} files, which Spring reads
 * while it parses the configuration classes. It runs right after that parsing (an ordered registry post-processor,
 * after Spring's prioritized one) and so before the starter's own registry post-processors read their properties,
 * with the same rules: an unknown name in a file on the class path fails startup naming it and the name probably
 * meant, one in a file outside the application gets a warning. Without it a misspelt client key in such a file left
 * its default in place without a word.
 */
public final class LatePlatformPropertiesCheck implements BeanDefinitionRegistryPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(LatePlatformPropertiesCheck.class);

	private static final String BEAN_NAME = "dev.platform.environment.latePlatformPropertiesCheck";

	private final ConfigurableEnvironment environment;

	LatePlatformPropertiesCheck(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (this.environment.getPropertySources()
			.get(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED) instanceof UnknownPlatformPropertiesEnvironmentPostProcessor.CheckedSources checked) {
			UnknownPlatformPropertiesEnvironmentPostProcessor.check(this.environment, checked.names(), true, logger);
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** Registers the check in every application context Boot starts. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			// A bean definition, not a post-processor added to the context: those run before the configuration
			// classes are parsed, so before any @PropertySource is read.
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry
					&& !registry.containsBeanDefinition(BEAN_NAME)) {
				ConfigurableEnvironment environment = context.getEnvironment();
				RootBeanDefinition definition = new RootBeanDefinition(LatePlatformPropertiesCheck.class,
						() -> new LatePlatformPropertiesCheck(environment));
				definition.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
				registry.registerBeanDefinition(BEAN_NAME, definition);
			}
		}

	}

}
