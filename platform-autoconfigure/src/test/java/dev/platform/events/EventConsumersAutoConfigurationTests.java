package dev.platform.events;

import dev.platform.events.consumer.EventConsumerRegistrar;
import dev.platform.events.consumer.ProcessedEvents;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EventConsumersAutoConfigurationTests {

	private final ApplicationContextRunner publisher = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, EventsAutoConfiguration.class,
				EventConsumersAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:consumers-autoconfig",
				"spring.sql.init.schema-locations=" + EventsAutoConfigurationTests.SCHEMA, "spring.rabbitmq.port=1",
				"spring.rabbitmq.listener.simple.auto-startup=false");

	private final ApplicationContextRunner runner = this.publisher
		.withBean(EventConsumer.class, () -> EventConsumer.of("billing.orders", (event) -> {
		}));

	/** The shipped schema, then the record of processed events dropped: a schema of an older release, say. */
	private static final String SCHEMA_WITHOUT_PROCESSED_EVENTS = "spring.sql.init.schema-locations="
			+ EventsAutoConfigurationTests.SCHEMA + ",classpath:events-without-processed-event.sql";

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
	void failsStartupNamingTheMissingTableOfProcessedEvents() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:consumers-no-record",
					"platform.events.queues[billing.orders].bindings=order.created", SCHEMA_WITHOUT_PROCESSED_EVENTS)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new MissingEventsTableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("Table platform_processed_event, which platform events need to consume events once")
					.contains("PLATFORM_PROCESSED_EVENT");
				assertThat(analysis.getAction()).contains(EventsSchema.SCRIPT).contains("platform.events.enabled=false");
			});
	}

	@Test
	void serviceThatOnlyPublishesNeedsNoTableOfProcessedEvents() {
		this.publisher
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:publisher-no-record", SCHEMA_WITHOUT_PROCESSED_EVENTS)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(Events.class));
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
