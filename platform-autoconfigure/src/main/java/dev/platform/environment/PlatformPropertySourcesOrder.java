package dev.platform.environment;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts the starter's property sources below {@code SpringApplication}'s default properties, so that an
 * application's own defaults beat the starter's and the mapped {@code OTEL_*} variables, as
 * {@link PlatformPropertySources} promises. Boot moves its default properties to the end of the environment after
 * the environment post-processors, and again at the start of the refresh (after {@code @PropertySource}s are
 * added); the sources are moved below them after each.
 */
public class PlatformPropertySourcesOrder implements ApplicationListener<ApplicationPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		PlatformPropertySources.moveBelowDefaultProperties(context.getEnvironment());
		// Runs after Boot's own ordering post-processor, which the application added to the context before this.
		BeanFactoryPostProcessor reorder = (beanFactory) -> PlatformPropertySources
			.moveBelowDefaultProperties(context.getEnvironment());
		context.addBeanFactoryPostProcessor(reorder);
	}

}
