package dev.platform.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A service that publishes and consumes events, used in-process by the fast tests and as a child JVM by the
 * reliability tests. Its consumer writes one {@code test_effect} row per applied event, so counting rows per event
 * id shows whether anything was applied twice.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class EventsTestApplication {

	static final String QUEUE = "test.orders";

	/** Handler calls per event id, for events that fail a number of times before they succeed. */
	static final Map<UUID, AtomicInteger> CALLS = new ConcurrentHashMap<>();

	/** Set in a child JVM: halt the process right after the effect of a {@code haltAfterCommit} event commits. */
	static final String HALT_PROPERTY = "events.test.halt-after-commit";

	/** Set in a child JVM: the handler throws {@link OutOfMemoryError} for {@code outOfMemory} events. */
	static final String OUT_OF_MEMORY_PROPERTY = "events.test.out-of-memory";

	/**
	 * Connections the consumer's threads ask for that fail before one succeeds: the consumer's database being down
	 * while the rest of the service (the test, the outbox relay) still reaches it.
	 */
	static final AtomicInteger CONSUMER_CONNECTIONS_TO_FAIL = new AtomicInteger();

	@Bean
	static BeanPostProcessor consumerDatabaseOutage() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new ConsumerOutageDataSource(dataSource) : bean;
			}

		};
	}

	@Bean
	EventConsumer testOrdersConsumer(JdbcTemplate jdbcTemplate, ObjectProvider<Tracer> tracer,
			@Value("${events.test.queue:" + QUEUE + "}") String queue) {
		return EventConsumer.of(queue, (event) -> {
			Map<?, ?> payload = event.requireVersion(1).payload(Map.class);
			if (payload.get("databaseDownForCalls") instanceof Number calls
					&& CALLS.computeIfAbsent(event.envelope().id(), (id) -> new AtomicInteger()).incrementAndGet() <= calls
						.intValue()) {
				throw new DataAccessResourceFailureException("database unavailable");
			}
			if (payload.get("errorForCalls") instanceof Number calls
					&& CALLS.computeIfAbsent(event.envelope().id(), (id) -> new AtomicInteger()).incrementAndGet() <= calls
						.intValue()) {
				throw new AssertionError("handler error, not an exception");
			}
			if (payload.get("stackOverflowForCalls") instanceof Number calls
					&& CALLS.computeIfAbsent(event.envelope().id(), (id) -> new AtomicInteger()).incrementAndGet() <= calls
						.intValue()) {
				throw new StackOverflowError("handler recursed too deep");
			}
			if (Boolean.TRUE.equals(payload.get("outOfMemory")) && Boolean.getBoolean(OUT_OF_MEMORY_PROPERTY)) {
				throw new OutOfMemoryError("handler ran out of memory");
			}
			if (payload.get("failWith") instanceof String message) {
				throw new IllegalStateException(message);
			}
			if (payload.get("refersTo") instanceof String missing) {
				throw new UnprocessableEventException("no order " + missing + " to apply it to");
			}
			if (Boolean.TRUE.equals(payload.get("poison"))) {
				throw new IllegalArgumentException("cannot apply poison event " + event.envelope().id());
			}
			Span span = tracer.getObject().currentSpan();
			jdbcTemplate.update("INSERT INTO test_effect (event_id, aggregate_id, trace_id) VALUES (?, ?, ?)",
					event.envelope().id(), event.envelope().aggregateId(),
					(span != null) ? span.context().traceId() : null);
			if (Boolean.TRUE.equals(payload.get("haltAfterCommit")) && Boolean.getBoolean(HALT_PROPERTY)) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						// A crash between the commit of the effect and the acknowledgement.
						Runtime.getRuntime().halt(3);
					}
				});
			}
		});
	}

	/** Fails {@link #CONSUMER_CONNECTIONS_TO_FAIL} connections asked for on the event listener's threads. */
	static final class ConsumerOutageDataSource extends DelegatingDataSource {

		ConsumerOutageDataSource(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (Thread.currentThread().getName().startsWith("platform-events-")
					&& CONSUMER_CONNECTIONS_TO_FAIL.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new SQLTransientConnectionException("the consumer's database is down (test)", "08001");
			}
			return super.getConnection();
		}

	}

}
