package dev.platform.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.platform.test.FreePorts;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Properties shared by the events integration tests.
 */
final class EventsTestSupport {

	private EventsTestSupport() {
	}

	static int freePort() {
		return FreePorts.next();
	}

	/**
	 * Starts {@link EventsTestApplication} on an H2 database and its own embedded broker.
	 * @param extraProperties further properties, such as the consumer's settings
	 * @return the running service
	 */
	static ConfigurableApplicationContext startOnEmbeddedBroker(String... extraProperties) {
		int port = freePort();
		List<String> properties = new ArrayList<>(properties(h2MemoryUrl(), port));
		properties.add("platform.events.embedded-broker.enabled=true");
		properties.add("platform.events.embedded-broker.port=" + port);
		properties.addAll(List.of(extraProperties));
		return new SpringApplicationBuilder(EventsTestApplication.class).properties(properties.toArray(String[]::new))
			.run();
	}

	/** A service on an H2 database and the AMQP broker at the given port, tracing every request. */
	static List<String> properties(String jdbcUrl, int amqpPort) {
		return properties(jdbcUrl, amqpPort, EventsTestApplication.QUEUE, "platform.events");
	}

	/** The same on its own queue and exchange, so tests sharing one broker do not see each other's events. */
	static List<String> properties(String jdbcUrl, int amqpPort, String queue, String exchange) {
		List<String> properties = new ArrayList<>(List.of("spring.application.name=orders",
				"spring.main.banner-mode=off", "server.port=0", "spring.datasource.url=" + jdbcUrl,
				"spring.datasource.generate-unique-name=false", "spring.sql.init.mode=always",
				"spring.sql.init.schema-locations=classpath:db/platform/events/h2/R__platform_events.sql,"
						+ "classpath:events-test-schema.sql",
				"spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + amqpPort,
				"spring.rabbitmq.template.observation-enabled=true",
				"spring.rabbitmq.listener.simple.observation-enabled=true",
				"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false",
				"events.test.queue=" + queue, "platform.events.exchange=" + exchange,
				"platform.events.dead-letter-exchange=" + exchange + ".dlx",
				"platform.events.queues[" + queue + "].bindings=order.*",
				"platform.events.relay.poll-interval=100ms", "platform.events.relay.initial-backoff=100ms",
				"platform.events.relay.max-backoff=1s", "platform.events.consumer.max-attempts=3",
				"platform.events.consumer.initial-backoff=10ms", "platform.events.consumer.max-backoff=50ms"));
		return properties;
	}

	static String h2MemoryUrl() {
		return "jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

}
