package dev.platform.events;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.TraceContexts;
import dev.platform.events.consumer.EventConsumerRegistrar;
import dev.platform.events.consumer.IdempotentEventListener;
import dev.platform.events.consumer.ProcessedEvents;
import dev.platform.logging.LogTextMasker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Idempotent consumers: one listener container per {@link EventConsumer} bean, each on a queue declared under
 * {@code platform.events.queues}. Startup fails if there are consumers and the table of processed events does
 * not exist.
 */
@AutoConfiguration(after = EventsAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration")
@ConditionalOnBean({ EnvelopeCodec.class, PlatformTransactionManager.class })
public final class EventConsumersAutoConfiguration {

	private static final String LOGSTASH_MASKING = "net.logstash.logback.mask.MaskingJsonGeneratorDecorator";

	@Bean
	@ConditionalOnMissingBean
	ProcessedEvents processedEvents(JdbcTemplate jdbcTemplate) {
		return new ProcessedEvents(jdbcTemplate);
	}

	@Bean
	@DependsOnDatabaseInitialization
	EventsTableCheck platformEventsProcessedEventTableCheck(ProcessedEvents processedEvents,
			ObjectProvider<EventConsumer> consumers) {
		// A service that only publishes never writes the record.
		return new EventsTableCheck(EventsSchema.PROCESSED_EVENT_TABLE,
				"to consume events once (the record of processed events)",
				() -> consumers.stream().findAny().isPresent(), processedEvents::checkTable);
	}

	@Bean
	@ConditionalOnMissingBean
	EventConsumerRegistrar eventConsumerRegistrar(ObjectProvider<EventConsumer> consumers,
			ProcessedEvents processedEvents, PlatformTransactionManager transactionManager, EnvelopeCodec codec,
			ConfirmingSender sender, TraceContexts traceContexts, PlatformEventsProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, Environment environment) {
		List<EventConsumer> declared = consumers.orderedStream().toList();
		for (EventConsumer consumer : declared) {
			if (!properties.getQueues().containsKey(consumer.queue())) {
				throw new EventsConfigurationException("platform.events.queues[" + consumer.queue() + "].bindings",
						"is missing: an EventConsumer listens on queue '" + consumer.queue()
								+ "', which must be declared with the event types bound to it");
			}
		}
		TransactionTemplate transactionTemplate = new TransactionTemplate(transactionManager);
		UnaryOperator<String> failureReasonMasker = failureReasonMasker(environment);
		return new EventConsumerRegistrar(declared,
				(consumer) -> new IdempotentEventListener(consumer.queue(), consumer.handler(), processedEvents,
						transactionTemplate, codec, sender, traceContexts, properties, meterRegistry.getIfUnique(),
						Clock.systemUTC(), failureReasonMasker));
	}

	/**
	 * Masks a dead letter's failure reason as the JSON logs mask their lines ({@code platform.logging.mask.*}).
	 * Without logstash-logback-encoder, which platform-starter brings, there are neither JSON logs nor their masking
	 * rules, and the reason stays as it is, like the log line.
	 */
	private static UnaryOperator<String> failureReasonMasker(Environment environment) {
		if (!ClassUtils.isPresent(LOGSTASH_MASKING, EventConsumersAutoConfiguration.class.getClassLoader())) {
			return UnaryOperator.identity();
		}
		LogTextMasker masker = LogTextMasker.of(environment);
		return (reason) -> Objects.requireNonNullElse(masker.mask(reason), reason);
	}

}
