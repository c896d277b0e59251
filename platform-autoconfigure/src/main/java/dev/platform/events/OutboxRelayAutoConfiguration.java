package dev.platform.events;

import java.time.Clock;

import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.TraceContexts;
import dev.platform.events.outbox.JdbcOutbox;
import dev.platform.events.outbox.OutboxMetrics;
import dev.platform.events.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay that sends outbox rows to the broker, and the outbox gauges. Switch the relay off with
 * {@code platform.events.relay.enabled=false} on instances that should only write the outbox.
 */
@AutoConfiguration(after = EventsAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration")
@ConditionalOnBean({ JdbcOutbox.class, ConfirmingSender.class, PlatformTransactionManager.class })
@ConditionalOnBooleanProperty(name = "platform.events.relay.enabled", matchIfMissing = true)
public final class OutboxRelayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutboxRelay outboxRelay(JdbcOutbox outbox, PlatformTransactionManager transactionManager,
			ConfirmingSender sender, EnvelopeCodec codec, TraceContexts traceContexts,
			PlatformEventsProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
		return new OutboxRelay(outbox, new TransactionTemplate(transactionManager), sender, codec, traceContexts,
				properties, meterRegistry.getIfUnique(), Clock.systemUTC());
	}

	/**
	 * A broker under a resource alarm blocks its publishers (Spring AMQP reports it as an event): the relay waits
	 * for it to unblock rather than start rounds that hold row locks while nothing can be sent.
	 */
	@Bean
	ApplicationListener<ConnectionBlockedEvent> outboxRelayBrokerBlocked(ObjectProvider<OutboxRelay> relay) {
		return (event) -> relay.ifAvailable((available) -> available.brokerBlocked(event.getReason()));
	}

	@Bean
	ApplicationListener<ConnectionUnblockedEvent> outboxRelayBrokerUnblocked(ObjectProvider<OutboxRelay> relay) {
		return (event) -> relay.ifAvailable(OutboxRelay::brokerUnblocked);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxMetrics outboxMetrics(JdbcOutbox outbox) {
		return new OutboxMetrics(outbox, Clock.systemUTC());
	}

}
