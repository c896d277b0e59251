package dev.platform.events;

import java.time.Clock;
import java.util.Collection;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.EventTopology;
import dev.platform.events.amqp.TraceContexts;
import dev.platform.events.outbox.JdbcOutbox;
import dev.platform.events.outbox.OutboxEvents;
import dev.platform.events.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The publishing side every events user gets: {@link Events} backed by the outbox, the envelope codec, confirmed
 * sends, and the topology from {@code platform.events.*}. Switched on by Spring AMQP and a {@link DataSource}.
 * Startup fails if the outbox table does not exist.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ RabbitTemplate.class, JdbcTemplate.class, ObjectMapper.class, MeterRegistry.class,
		Tracer.class })
@ConditionalOnBean({ DataSource.class, RabbitTemplate.class, JdbcTemplate.class })
@ConditionalOnBooleanProperty(name = "platform.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformEventsProperties.class)
public final class EventsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EventsAutoConfiguration.class);

	@Bean
	static PublisherConfirmsPostProcessor platformEventsPublisherConfirmsPostProcessor() {
		return new PublisherConfirmsPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	TraceContexts eventTraceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<ObservationRegistry> registry) {
		return new TraceContexts(tracer.getIfUnique(), registry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	EnvelopeCodec eventEnvelopeCodec(ObjectProvider<ObjectMapper> objectMapper) {
		return new EnvelopeCodec(objectMapper.getIfUnique(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	ConfirmingSender eventConfirmingSender(RabbitTemplate rabbitTemplate, ApplicationContext applicationContext) {
		// The post-processor switches confirms on for connection factory beans only; a template built on a factory
		// of its own, or on one that is not a CachingConnectionFactory, would never see a confirm, and the relay
		// would send the same rows again every round without marking any.
		ConnectionFactory connectionFactory = rabbitTemplate.getConnectionFactory();
		if (connectionFactory == null) {
			// A mocked template in an application's test, which sends nothing.
			return new ConfirmingSender(rabbitTemplate);
		}
		if (!connectionFactory.isPublisherConfirms()) {
			throw new EventsConfigurationException("spring.rabbitmq.publisher-confirm-type",
					"must be 'correlated' on the RabbitTemplate's connection factory (a "
							+ connectionFactory.getClass().getSimpleName()
							+ " without publisher confirms); platform events mark an event sent only on the broker's "
							+ "confirm");
		}
		if (!connectionFactory.isPublisherReturns()) {
			logger.warn("The RabbitTemplate's connection factory ({}) has no publisher returns, so platform events "
					+ "cannot tell an event that no queue takes from one that was delivered; set "
					+ "spring.rabbitmq.publisher-returns=true", connectionFactory.getClass().getSimpleName());
		}
		// A template of the events' own on the same connection factory: mandatory, so that the broker returns an
		// event no queue takes instead of dropping it, without changing how the application's template sends.
		// Configured as Boot configures its template, then given what the application set on its own.
		Consumer<RabbitTemplate> boot = BootTemplateProperties.configurer(applicationContext, connectionFactory);
		return ConfirmingSender.mandatory(connectionFactory, (template) -> {
			if (boot != null) {
				boot.accept(template);
			}
			likeTheApplications(rabbitTemplate, template);
		}, applicationContext);
	}

	/** What an application may have set on its template that concerns sending, copied to the events' one. */
	private static void likeTheApplications(RabbitTemplate application, RabbitTemplate events) {
		events.setUsePublisherConnection(application.isUsePublisherConnection());
		Collection<MessagePostProcessor> beforePublish = application.getBeforePublishPostProcessors();
		if (beforePublish != null && !beforePublish.isEmpty()) {
			events.setBeforePublishPostProcessors(beforePublish.toArray(MessagePostProcessor[]::new));
		}
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcOutbox eventOutbox(JdbcTemplate jdbcTemplate) {
		return new JdbcOutbox(jdbcTemplate);
	}

	@Bean
	@DependsOnDatabaseInitialization
	EventsTableCheck platformEventsOutboxTableCheck(JdbcOutbox outbox, ObjectProvider<OutboxEvents> events,
			ObjectProvider<OutboxRelay> relay) {
		// The starter's Events write the outbox and its relay reads it; an application's own Events need not.
		return new EventsTableCheck(EventsSchema.OUTBOX_TABLE, "to publish and relay events (the outbox)",
				() -> events.getIfAvailable() != null || relay.getIfAvailable() != null, outbox::checkTable);
	}

	@Bean
	@ConditionalOnMissingBean(Events.class)
	OutboxEvents outboxEvents(JdbcOutbox outbox, EnvelopeCodec codec, TraceContexts traceContexts,
			ObjectProvider<OutboxRelay> relay, Environment environment) {
		String source = environment.getProperty("spring.application.name", "application");
		return new OutboxEvents(outbox, codec.objectMapper(), traceContexts, source,
				() -> relay.ifAvailable(OutboxRelay::wakeUp), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformEventsTopology")
	Declarables platformEventsTopology(PlatformEventsProperties properties) {
		return EventTopology.declarables(properties);
	}

}
