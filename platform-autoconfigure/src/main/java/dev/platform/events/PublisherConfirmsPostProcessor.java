package dev.platform.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Switches the connection factory to correlated publisher confirms, which the relay and the dead-lettering need,
 * and to publisher returns, by which they learn that no queue took a message. Boot's
 * {@code spring.rabbitmq.publisher-confirm-type} defaults to none; an explicit {@code simple} cannot serve both and
 * fails startup. Returns change nothing for the application's own sends: the broker returns only messages sent as
 * mandatory, and Boot's template is mandatory only when {@code spring.rabbitmq.template.mandatory} or
 * {@code spring.rabbitmq.publisher-returns} says so.
 */
final class PublisherConfirmsPostProcessor implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(PublisherConfirmsPostProcessor.class);

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof CachingConnectionFactory factory) {
			if (factory.isSimplePublisherConfirms()) {
				throw new EventsConfigurationException("spring.rabbitmq.publisher-confirm-type",
						"is 'simple', but platform events need 'correlated' publisher confirms");
			}
			if (!factory.isPublisherConfirms()) {
				logger.debug("Enabling correlated publisher confirms on '{}' for platform events", beanName);
				factory.setPublisherConfirmType(ConfirmType.CORRELATED);
			}
			if (!factory.isPublisherReturns()) {
				logger.debug("Enabling publisher returns on '{}' for platform events", beanName);
				factory.setPublisherReturns(true);
			}
			ConfirmChannelLeakCheck.warnIfAffected();
		}
		return bean;
	}

}
