package dev.platform.events;

import java.util.UUID;

import dev.platform.StartupFailures;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.Mockito;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EventsAutoConfigurationTests {

	static final String SCHEMA = "classpath:db/platform/events/h2/R__platform_events.sql";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, EventsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-autoconfig",
				"spring.sql.init.schema-locations=" + SCHEMA, "spring.rabbitmq.port=1",
				"spring.rabbitmq.listener.simple.auto-startup=false");

	@Test
	void providesOutboxPublishingWithAmqpAndADataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Events.class)
				.hasSingleBean(EnvelopeCodec.class)
				.hasSingleBean(ConfirmingSender.class)
				.hasBean("platformEventsTopology");
			assertThat(context.getBean(CachingConnectionFactory.class).isPublisherConfirms()).isTrue();
			assertThat(context.getBean(CachingConnectionFactory.class).isPublisherReturns()).isTrue();
			// The events send with a mandatory template of their own; the application's stays as configured.
			assertThat(context.getBean(RabbitTemplate.class)
				.isMandatoryFor(new org.springframework.amqp.core.Message(new byte[0]))).isFalse();
		});
	}

	@Test
	void theEventsTemplateIsConfiguredLikeBootsAndTheApplicationsThenMadeMandatory() {
		org.springframework.amqp.core.MessagePostProcessor stamp = (message) -> message;
		this.runner.withPropertyValues("spring.rabbitmq.template.exchange=from-properties")
			.withBean(org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer.class,
					() -> (template) -> {
						template.setRoutingKey("from-customizer");
						template.addBeforePublishPostProcessors(stamp);
					})
			.run((context) -> {
				RabbitTemplate events = (RabbitTemplate) org.springframework.test.util.ReflectionTestUtils
					.getField(context.getBean(ConfirmingSender.class), "rabbitTemplate");
				RabbitTemplate application = context.getBean(RabbitTemplate.class);
				assertThat(events).isNotSameAs(application);
				assertThat(events.getExchange()).isEqualTo("from-properties");
				assertThat(events.getRoutingKey()).isEqualTo("from-customizer");
				assertThat(events.getBeforePublishPostProcessors()).containsExactly(stamp);
				org.springframework.amqp.core.Message message = new org.springframework.amqp.core.Message(new byte[0]);
				assertThat(events.isMandatoryFor(message)).isTrue();
				assertThat(application.isMandatoryFor(message)).isFalse();
			});
	}

	@Test
	void theEventsTemplateTakesThePublisherConnectionAndPostProcessorsOfAnApplicationsOwnTemplate() {
		this.runner.withUserConfiguration(ApplicationTemplate.class).run((context) -> {
			RabbitTemplate events = (RabbitTemplate) org.springframework.test.util.ReflectionTestUtils
				.getField(context.getBean(ConfirmingSender.class), "rabbitTemplate");
			assertThat(events.isUsePublisherConnection()).isTrue();
			assertThat(events.getBeforePublishPostProcessors()).containsExactly(ApplicationTemplate.STAMP);
			assertThat(events.isMandatoryFor(new org.springframework.amqp.core.Message(new byte[0]))).isTrue();
		});
	}

	/** A template the application builds itself, on Boot's connection factory. */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class ApplicationTemplate {

		static final org.springframework.amqp.core.MessagePostProcessor STAMP = (message) -> message;

		@org.springframework.context.annotation.Bean
		RabbitTemplate rabbitTemplate(org.springframework.amqp.rabbit.connection.ConnectionFactory connectionFactory) {
			RabbitTemplate template = new RabbitTemplate(connectionFactory);
			template.setUsePublisherConnection(true);
			template.setBeforePublishPostProcessors(STAMP);
			return template;
		}

	}

	@Test
	void warnsThatUnroutableEventsGoUnnoticedWhenTheFactoryHasNoPublisherReturns(CapturedOutput output) {
		// A template on a factory of its own with confirms but no returns: nothing switched its returns on.
		CachingConnectionFactory factory = new CachingConnectionFactory("localhost", 1);
		factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		this.runner.withBean("rabbitTemplate", RabbitTemplate.class, () -> new RabbitTemplate(factory))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ConfirmingSender.class);
				assertThat(output).contains("has no publisher returns, so platform events cannot tell an event that "
						+ "no queue takes from one that was delivered; set spring.rabbitmq.publisher-returns=true");
			});
	}

	@Test
	void failsStartupNamingTheMissingOutboxTableTheSchemaScriptAndTheSwitch() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-no-schema", "spring.sql.init.mode=never")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("PLATFORM_OUTBOX");
				FailureAnalysis analysis = new MissingEventsTableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("Table platform_outbox, which platform events need")
					.contains("does not exist");
				assertThat(analysis.getAction()).contains(EventsSchema.SCRIPT)
					.contains("spring.flyway.locations")
					.contains("spring.sql.init.schema-locations")
					.contains("platform.events.enabled=false");
			});
	}

	@Test
	void checksTheOutboxTableAfterSpringSqlInitCreatedIt() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Events.class);
			// Boot's mechanism for Flyway and Liquibase too: the check waits for every database initializer.
			assertThat(context.getBeanFactory().getBeanDefinition("platformEventsOutboxTableCheck").getDependsOn())
				.contains(context.getBeanNamesForType(DataSourceScriptDatabaseInitializer.class));
		});
	}

	@Test
	void checksTheOutboxTableAfterSpringSqlInitCreatedItAlsoWithLazyInitialization() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-lazy")
			.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-lazy-no-schema",
				"spring.sql.init.mode=never")
			.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("PLATFORM_OUTBOX"));
	}

	@Test
	void startsWhenTheDatabaseCannotBeReachedToCheckTheOutboxTable(CapturedOutput output) {
		// Nothing listens on port 1: the check is logged and skipped, as a database that is down at startup is waited
		// for at runtime.
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:tcp://127.0.0.1:1/mem:events-down",
				"spring.sql.init.mode=never")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Events.class);
				// The JSON console of an earlier test's application may write asynchronously.
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(output)
						.contains("Could not check at startup that table platform_outbox exists"));
			});
	}

	@Test
	void needsNoOutboxTableWhenTheApplicationPublishesItsOwnWay() {
		Events custom = (type, version, aggregateId, payload) -> UUID.randomUUID();
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-custom", "spring.sql.init.mode=never")
			.withBean(Events.class, () -> custom)
			.run((context) -> assertThat(context).hasNotFailed().getBean(Events.class).isSameAs(custom));
	}

	@Test
	void failsStartupWhenTheTemplatesConnectionFactoryHasNoPublisherConfirms() {
		// A template on a factory of its own: not a bean, so nothing switched its confirms on.
		this.runner.withBean("rabbitTemplate", RabbitTemplate.class,
				() -> new RabbitTemplate(new CachingConnectionFactory("localhost", 1)))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EventsConfigurationException.class)
				.hasMessageContaining("spring.rabbitmq.publisher-confirm-type")
				.hasMessageContaining("CachingConnectionFactory without publisher confirms"));
	}

	@Test
	void startsWithAMockedTemplate() {
		// A mock has no connection factory to check for publisher confirms; it sends nothing either.
		this.runner.withBean("rabbitTemplate", RabbitTemplate.class, () -> Mockito.mock(RabbitTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ConfirmingSender.class));
	}

	@Test
	void declaresTheTopologyFromConfiguration() {
		this.runner.withPropertyValues("platform.events.queues[billing.orders].bindings=order.created,order.paid")
			.run((context) -> {
				Declarables topology = context.getBean("platformEventsTopology", Declarables.class);
				assertThat(topology.getDeclarablesByType(Queue.class)).extracting(Queue::getName)
					.containsExactly("billing.orders", "billing.orders.dlq");
				assertThat(topology.getDeclarablesByType(Binding.class)).extracting(Binding::getRoutingKey)
					.containsExactlyInAnyOrder("billing.orders", "order.created", "order.paid");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesEvents() {
		Events custom = (type, version, aggregateId, payload) -> UUID.randomUUID();
		this.runner.withBean(Events.class, () -> custom)
			.run((context) -> assertThat(context).getBean(Events.class).isSameAs(custom));
	}

	@Test
	void isSwitchedOffByProperty() {
		this.runner.withPropertyValues("platform.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Events.class));
	}

	@Test
	void needsSpringAmqp() {
		this.runner.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Events.class));
	}

	@Test
	void needsADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, EventsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Events.class));
	}

	@Test
	void failsStartupNamingAnInvalidProperty() {
		this.runner.withPropertyValues("platform.events.relay.batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(startupFailureMessages(context)).contains("platform.events.relay")
				.contains("batch-size")
				.contains("must be positive");
		});
	}

	@Test
	void failsStartupNamingANegativeMaxReturns() {
		this.runner.withPropertyValues("platform.events.consumer.max-returns=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(startupFailureMessages(context)).contains("platform.events.consumer")
				.contains("max-returns")
				.contains("must not be negative");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			// AMQP's default exchange: events confirmed and dropped, dead letters back in their own queue.
			"platform.events.exchange= | platform.events.exchange | must not be blank",
			"platform.events.dead-letter-exchange=  | platform.events.dead-letter-exchange | must not be blank",
			"platform.events.dead-letter-exchange=platform.events | platform.events.dead-letter-exchange | the same as platform.events.exchange",
			"platform.events.queues[billing].bindings= | platform.events.queues[billing].bindings | needs at least one event type",
			"platform.events.queues[billing].bindings=a,platform.events.queues[billing.dlq].bindings=b | platform.events.queues[billing.dlq] | dead-letter queue",
			"platform.events.relay.initial-backoff=1m,platform.events.relay.max-backoff=1s | platform.events.relay.initial-backoff | longer than platform.events.relay.max-backoff",
			"platform.events.consumer.initial-backoff=1m | platform.events.consumer.initial-backoff | longer than platform.events.consumer.max-backoff",
			"platform.events.relay.initial-backoff=500us | platform.events.relay | must be at least 1ms" })
	void failsStartupNamingATopologyOrBackoffThatCannotWork(String properties, String property, String problem) {
		this.runner.withPropertyValues(properties.trim().split(",")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(startupFailureMessages(context)).contains(property).contains(problem);
		});
	}

	private static String startupFailureMessages(AssertableApplicationContext context) {
		return StartupFailures.describe(context.getStartupFailure());
	}

	@Test
	void acceptsZeroMaxReturns() {
		this.runner.withPropertyValues("platform.events.consumer.max-returns=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PlatformEventsProperties.class)
				.extracting((properties) -> properties.getConsumer().getMaxReturns())
				.isEqualTo(0));
	}

	@Test
	void failsStartupWhenPublisherConfirmsAreSimple() {
		this.runner.withPropertyValues("spring.rabbitmq.publisher-confirm-type=simple").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EventsConfigurationException.class)
				.hasMessageContaining("spring.rabbitmq.publisher-confirm-type");
		});
	}

}
