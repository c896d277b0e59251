package dev.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.platform.events.amqp.EventTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueBuilder.Overflow;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead-letter queue set up with arguments (here a TTL, through the documented override of the topology bean) on
 * a real RabbitMQ: dead-lettering checks that the route exists and declares nothing that exists, since RabbitMQ
 * refuses a declaration whose arguments differ and would close the consumer's channel for every dead letter.
 */
@ExtendWith(OutputCaptureExtension.class)
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

	/** A dead-letter queue that refuses every message: a length limit of 0 with reject-publish. */
	@Configuration(proxyBeanMethods = false)
	static class RefusingDeadLetterTopology {

		@Bean
		Declarables platformEventsTopology(PlatformEventsProperties properties) {
			List<Declarable> declarables = new ArrayList<>();
			for (Declarable d : EventTopology.declarables(properties).getDeclarables()) {
				if (d instanceof Queue q && q.getName().endsWith(EventTopology.DEAD_LETTER_SUFFIX)) {
					declarables.add(QueueBuilder.durable(q.getName()).maxLength(0).overflow(Overflow.rejectPublish).build());
				}
				else {
					declarables.add(d);
				}
			}
			return new Declarables(declarables);
		}

	}

	private static Instant loggedAt(CapturedOutput output, String text) {
		String line = output.getOut().lines().filter((candidate) -> candidate.contains(text)).findFirst().orElseThrow();
		Matcher timestamp = Pattern.compile("\"timestamp\":\"([^\"]+)\"").matcher(line);
		assertThat(timestamp.find()).as(line).isTrue();
		return Instant.parse(timestamp.group(1));
	}

	@AfterEach
	void cleanUp() {
		if (this.context == null) {
			// Skipped before it started (no RabbitMQ here), or cleaned up by the test: nothing to delete.
			return;
		}
		this.context.close();
		cleanUpQueues();
	}

	private static void cleanUpQueues() {
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

	@Test
	void aMessageTheDeadLetterQueueRefusesIsReturnedWithPausesAndKept(CapturedOutput output) throws Exception {
		RabbitMqBroker.requireRunning();
		List<String> properties = new ArrayList<>(EventsTestSupport.properties(EventsTestSupport.h2MemoryUrl(),
				RabbitMqBroker.port(), queue, exchange));
		// The pauses grow from 100 ms, doubling, up to 1 s.
		properties.add("platform.events.consumer.initial-backoff=100ms");
		properties.add("platform.events.consumer.max-backoff=1s");
		this.context = new SpringApplicationBuilder(EventsTestApplication.class, RefusingDeadLetterTopology.class)
			.properties(properties.toArray(String[]::new))
			.run();
		// Unreadable: it goes straight to dead-lettering, which the queue refuses, and back to the queue.
		this.context.getBean(RabbitTemplate.class).send("", queue, new Message("not an event".getBytes()));
		String refused = "Could not dead-letter message from " + queue;
		// Logged on the 1st, 2nd and 4th failure in a row, with pauses of 100, 200 and 400 ms in between: the 4th
		// comes at least 700 ms after the 1st. Before, the broker handed the message back at once, and every return
		// was logged (without a count).
		await().atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains(refused + " (4 time(s) in a row)"));
		Instant first = loggedAt(output, refused + " (1 time(s) in a row)");
		Instant fourth = loggedAt(output, refused + " (4 time(s) in a row)");
		assertThat(Duration.between(first, fourth)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
		assertThat(output.getOut().lines().filter((line) -> line.contains(refused + " (3 time(s)"))).isEmpty();
		this.context.close();
		this.context = null;
		CachingConnectionFactory cf = new CachingConnectionFactory("127.0.0.1", RabbitMqBroker.port());
		try {
			assertThat(new RabbitAdmin(cf).getQueueInfo(queue).getMessageCount()).as("the message is kept").isOne();
		}
		finally {
			cf.destroy();
		}
		cleanUpQueues();
	}

}
