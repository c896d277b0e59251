package dev.platform.events;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.platform.events.amqp.EventTopology;
import dev.platform.events.consumer.IdempotentEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code platform.events.consumer.max-returns=0} on the embedded broker: an event whose handler fails on a database
 * on every attempt is dead-lettered after its first delivery, never returned to the queue.
 */
class NoReturnsEventsTests {

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void startService() {
		context = EventsTestSupport.startOnEmbeddedBroker("platform.events.consumer.max-returns=0");
	}

	@AfterAll
	static void stopService() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void handlerFailingOnTheDatabaseIsDeadLetteredAfterItsFirstDelivery() {
		UUID id = context.getBean(TransactionTemplate.class)
			.execute((status) -> context.getBean(Events.class)
				.publish("order.created", "order-no-returns", Map.of("databaseDownForCalls", 99)));
		RabbitTemplate rabbit = context.getBean(RabbitTemplate.class);
		Message dead = await().atMost(Duration.ofSeconds(30))
			.until(() -> rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE)),
					(message) -> message != null && id.toString().equals(message.getMessageProperties().getMessageId()));
		Map<String, Object> headers = dead.getMessageProperties().getHeaders();
		assertThat(headers).doesNotContainKey(IdempotentEventListener.RETURNS_HEADER);
		assertThat(headers.get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(3);
		assertThat(headers.get(IdempotentEventListener.FAILURE_EXCEPTION_HEADER))
			.isEqualTo(org.springframework.dao.DataAccessResourceFailureException.class.getName());
		// One delivery of three attempts.
		assertThat(EventsTestApplication.CALLS.get(id)).hasValue(3);
	}

}
