package dev.platform.events;

import dev.platform.events.outbox.OutboxMetrics;
import dev.platform.events.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxRelayAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, EventsAutoConfiguration.class,
				OutboxRelayAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:relay-autoconfig",
				"spring.sql.init.schema-locations=" + EventsAutoConfigurationTests.SCHEMA, "spring.rabbitmq.port=1",
				"spring.rabbitmq.listener.simple.auto-startup=false");

	@Test
	void relaysAndMeasuresTheOutboxByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(OutboxRelay.class)
			.hasSingleBean(OutboxMetrics.class));
	}

	@Test
	void theRelayHearsThatTheBrokerBlocksAndUnblocksPublishing() {
		this.runner.run((context) -> {
			OutboxRelay relay = context.getBean(OutboxRelay.class);
			Connection connection = org.mockito.Mockito.mock(Connection.class);
			context.publishEvent(new ConnectionBlockedEvent(connection, "low on memory"));
			assertThat(relay.isBrokerBlocked()).isTrue();
			context.publishEvent(new ConnectionUnblockedEvent(connection));
			assertThat(relay.isBrokerBlocked()).isFalse();
		});
	}

	@Test
	void relayIsSwitchedOffByPropertyWhilePublishingStays() {
		this.runner.withPropertyValues("platform.events.relay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OutboxRelay.class).hasSingleBean(Events.class));
	}

	@Test
	void failsStartupNamingTheMissingOutboxTableWhenOnlyTheRelayReadsIt() {
		Events custom = (type, version, aggregateId, payload) -> java.util.UUID.randomUUID();
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:relay-no-schema", "spring.sql.init.mode=never")
			.withBean(Events.class, () -> custom)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(MissingEventsTableException.class)
				.hasMessageStartingWith("Table platform_outbox, which platform events need"));
	}

	@Test
	void backsOffWhenTheUserDefinesOutboxMetrics() {
		this.runner.withBean("customMetrics", OutboxMetrics.class,
				() -> new OutboxMetrics(new dev.platform.events.outbox.JdbcOutbox(
						new org.springframework.jdbc.core.JdbcTemplate()), java.time.Clock.systemUTC()))
			.run((context) -> assertThat(context).hasSingleBean(OutboxMetrics.class).hasBean("customMetrics"));
	}

	@Test
	void needsATransactionManager() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceInitializationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					EventsAutoConfiguration.class, OutboxRelayAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:relay-autoconfig-notx",
					"spring.sql.init.schema-locations=" + EventsAutoConfigurationTests.SCHEMA, "spring.rabbitmq.port=1")
			.run((context) -> assertThat(context).hasSingleBean(Events.class).doesNotHaveBean(OutboxRelay.class));
	}

}
