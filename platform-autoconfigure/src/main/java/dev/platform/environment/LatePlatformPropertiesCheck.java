package dev.platform.environment;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the {@code platform.*} names of the property sources that arrived after
 * {@link UnknownPlatformPropertiesEnvironmentPostProcessor} ran: {@code @PropertySource} files, which Spring reads
 * while it parses the configuration classes. It runs once they have all been read and before any bean is created,
 * with the same rules: an unknown name in a file on the class path fails startup naming it, one in a file outside
 * the application gets a warning. Without it a misspelt client key in such a file left its default in place without
 * a word.
 */
public final class LatePlatformPropertiesCheck implements BeanFactoryPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(LatePlatformPropertiesCheck.class);

	private final ConfigurableEnvironment environment;

	LatePlatformPropertiesCheck(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment.getPropertySources()
			.get(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED) instanceof UnknownPlatformPropertiesEnvironmentPostProcessor.CheckedSources checked) {
			UnknownPlatformPropertiesEnvironmentPostProcessor.check(this.environment, checked.names(), logger);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** Adds the check to every application context Boot starts. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.addBeanFactoryPostProcessor(new LatePlatformPropertiesCheck(context.getEnvironment()));
		}

	}

}
