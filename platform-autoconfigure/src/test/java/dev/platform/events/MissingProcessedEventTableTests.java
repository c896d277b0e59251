package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.platform.events.amqp.EventTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.ScriptStatementFailedException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The table of processed events dropped while the service runs, on the embedded broker and H2: consumed events are
 * not at fault, so they wait in their queue instead of going to the dead-letter queue, and one error names the table
 * and the schema script instead of a warning per attempt of every event.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingProcessedEventTableTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void stopService() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void eventsWaitInTheQueueUntilTheTableExistsAndTheErrorIsLoggedOncePerInterval(CapturedOutput output) {
		this.context = EventsTestSupport.startOnEmbeddedBroker();
		JdbcTemplate jdbc = this.context.getBean(JdbcTemplate.class);
		jdbc.execute("DROP TABLE platform_processed_event");
		Events events = this.context.getBean(Events.class);
		List<UUID> ids = this.context.getBean(TransactionTemplate.class)
			.execute((status) -> List.of(events.publish("order.created", "order-1", Map.of("total", 1)),
					events.publish("order.created", "order-2", Map.of("total", 2))));
		// Three attempts per delivery, then back to the queue: several deliveries of both events.
		await().atMost(Duration.ofSeconds(20)).until(() -> returned() >= 6);
		assertThat(ids).allSatisfy((id) -> assertThat(effects(jdbc, id)).isZero());
		List<String> errors = output.getOut()
			.lines()
			.filter((line) -> line.contains("ERROR") && line.contains("platform_processed_event"))
			.toList();
		assertThat(errors).singleElement()
			.asString()
			.contains("Table platform_processed_event is missing")
			.contains("returned to the queue, not dead-lettered")
			.contains(EventsSchema.SCRIPT);
		assertThat(output.getOut()).doesNotContain("Dead-lettering event").doesNotContain("Attempt 1/3 of event");
		// The consumers keep trying to write to the table while it is created: H2 may time out on its table lock
		// (1 s by default) on a busy machine, so the script is run again until it gets the lock.
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptionsInstanceOf(ScriptStatementFailedException.class)
			.until(() -> {
				new ResourceDatabasePopulator(new ClassPathResource("db/platform/events/h2/R__platform_events.sql"))
					.execute(this.context.getBean(DataSource.class));
				return true;
			});
		await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch((id) -> effects(jdbc, id) == 1));
		assertThat(deadLetterIds()).doesNotContainAnyElementsOf(ids.stream().map(UUID::toString).toList());
	}

	private double returned() {
		Counter counter = this.context.getBean(MeterRegistry.class)
			.find("platform.events.consumed")
			.tags("type", "order.created", "outcome", "returned")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static int effects(JdbcTemplate jdbc, UUID id) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM test_effect WHERE event_id = ?", Integer.class, id);
	}

	private List<String> deadLetterIds() {
		RabbitTemplate rabbit = this.context.getBean(RabbitTemplate.class);
		List<String> ids = new ArrayList<>();
		Message message;
		while ((message = rabbit.receive(EventTopology.deadLetterQueue(EventsTestApplication.QUEUE))) != null) {
			ids.add(message.getMessageProperties().getMessageId());
		}
		return ids;
	}

}
