package dev.platform.events;

import dev.platform.events.consumer.EventConsumerRegistrar;
import dev.platform.events.consumer.ProcessedEvents;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EventConsumersAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				EventsAutoConfiguration.class, EventConsumersAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:consumers-autoconfig", "spring.rabbitmq.port=1",
				"spring.rabbitmq.listener.simple.auto-startup=false")
		.withBean(EventConsumer.class, () -> EventConsumer.of("billing.orders", (event) -> {
		}));

	@Test
	void registersConsumersOnDeclaredQueues() {
		this.runner.withPropertyValues("platform.events.queues[billing.orders].bindings=order.created")
			.run((context) -> assertThat(context).hasSingleBean(EventConsumerRegistrar.class)
				.hasSingleBean(ProcessedEvents.class));
	}

	@Test
	void failsStartupNamingThePropertyWhenTheQueueIsNotDeclared() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (!(cause instanceof EventsConfigurationException) && cause.getCause() != null) {
				cause = cause.getCause();
			}
			assertThat(cause).isInstanceOf(EventsConfigurationException.class);
			FailureAnalysis analysis = new EventsConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("platform.events.queues[billing.orders].bindings");
			assertThat(analysis.getAction()).contains("platform.events.queues[billing.orders].bindings");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesProcessedEvents() {
		ProcessedEvents custom = new ProcessedEvents(new JdbcTemplate());
		this.runner.withPropertyValues("platform.events.queues[billing.orders].bindings=order.created")
			.withBean(ProcessedEvents.class, () -> custom)
			.run((context) -> assertThat(context).getBean(ProcessedEvents.class).isSameAs(custom));
	}

	@Test
	void isSwitchedOffWithTheEventsFeature() {
		this.runner.withPropertyValues("platform.events.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EventConsumerRegistrar.class));
	}

}
