package dev.platform.events;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Applies to the template the events send with what Boot applies to its own: {@code spring.rabbitmq.template.*}
 * (the observation, the retry, the timeouts) through the {@link RabbitTemplateConfigurer} Boot's template is built
 * with, then the application's {@link RabbitTemplateCustomizer} beans, when Boot's AMQP auto-configuration is there.
 * Only this class refers to Boot's AMQP types, so their absence costs nothing but these settings.
 */
final class BootTemplateProperties {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer",
			BootTemplateProperties.class.getClassLoader());

	private BootTemplateProperties() {
	}

	static @Nullable Consumer<RabbitTemplate> configurer(ApplicationContext context,
			ConnectionFactory connectionFactory) {
		if (!PRESENT) {
			return null;
		}
		RabbitTemplateConfigurer configurer = context.getBeanProvider(RabbitTemplateConfigurer.class)
			.getIfUnique();
		return (template) -> {
			if (configurer != null) {
				configurer.configure(template, connectionFactory);
			}
			context.getBeanProvider(RabbitTemplateCustomizer.class)
				.orderedStream()
				.forEach((customizer) -> customizer.customize(template));
		};
	}

}
