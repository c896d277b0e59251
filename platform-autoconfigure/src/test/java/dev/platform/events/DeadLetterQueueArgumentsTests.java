package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.platform.events.amqp.EventTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * A dead-letter queue set up with arguments (here a TTL, through the documented override of the topology bean) on
 * a real RabbitMQ: dead-lettering checks that the route exists and declares nothing that exists, since RabbitMQ
 * refuses a declaration whose arguments differ and would close the consumer's channel for every dead letter.
 */
class DeadLetterQueueArgumentsTests {

	static String queue = "dlq-args." + UUID.randomUUID().toString().substring(0, 8);

	static String exchange = "dlq-args-events." + UUID.randomUUID().toString().substring(0, 8);

	ConfigurableApplicationContext context;

	@Configuration(proxyBeanMethods = false)
	static class CustomTopology {

		// The documented override: the platform's topology, its dead-letter queue bounded by a TTL.
		@Bean
		Declarables platformEventsTopology(PlatformEventsProperties properties) {
			List<Declarable> declarables = new ArrayList<>();
			for (Declarable d : EventTopology.declarables(properties).getDeclarables()) {
				if (d instanceof Queue q && q.getName().endsWith(EventTopology.DEAD_LETTER_SUFFIX)) {
					declarables.add(QueueBuilder.durable(q.getName()).ttl(86_400_000).build());
				}
				else {
					declarables.add(d);
				}
			}
			return new Declarables(declarables);
		}

	}

	@AfterEach
	void cleanUp() {
		if (this.context == null) {
			// Skipped before it started (no RabbitMQ here): nothing was declared.
			return;
		}
		this.context.close();
		CachingConnectionFactory cf = new CachingConnectionFactory("127.0.0.1", RabbitMqBroker.port());
		RabbitAdmin admin = new RabbitAdmin(cf);
		admin.deleteQueue(queue);
		admin.deleteQueue(EventTopology.deadLetterQueue(queue));
		admin.deleteExchange(exchange);
		admin.deleteExchange(exchange + ".dlx");
		cf.destroy();
	}

	@Test
	void poisonReachesACustomisedDeadLetterQueue() {
		RabbitMqBroker.requireRunning();
		List<String> properties = new ArrayList<>(EventsTestSupport.properties(EventsTestSupport.h2MemoryUrl(),
				RabbitMqBroker.port(), queue, exchange));
		this.context = new SpringApplicationBuilder(EventsTestApplication.class, CustomTopology.class)
			.properties(properties.toArray(String[]::new))
			.run();
		Events events = this.context.getBean(Events.class);
		this.context.getBean(TransactionTemplate.class)
			.executeWithoutResult((status) -> events.publish("order.created", "order-1", Map.of("poison", true)));
		AmqpAdmin admin = this.context.getBean(AmqpAdmin.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			QueueInformation info = admin.getQueueInfo(EventTopology.deadLetterQueue(queue));
			return info != null && info.getMessageCount() == 1;
		});
	}

}
