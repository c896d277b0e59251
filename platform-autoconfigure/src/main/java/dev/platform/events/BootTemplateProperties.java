package dev.platform.events;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Applies Boot's {@code spring.rabbitmq.template.*} (the observation, the retry, the timeouts) to the template the
 * events send with, through the {@link RabbitTemplateConfigurer} Boot's template is built with, when Boot's AMQP
 * auto-configuration is there. Only this class refers to it, so its absence costs nothing but these settings.
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
		return (configurer != null) ? (template) -> configurer.configure(template, connectionFactory) : null;
	}

}
