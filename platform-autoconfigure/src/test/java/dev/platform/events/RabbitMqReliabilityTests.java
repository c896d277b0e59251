package dev.platform.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EventTopology;
import dev.platform.events.consumer.IdempotentEventListener;
import dev.platform.events.outbox.JdbcOutbox;
import dev.platform.events.outbox.OutboxRelay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults against a real RabbitMQ: a broker outage mid-stream, a consumer process that dies between commit and
 * acknowledgement, a producer process that dies between commit and relay, and a flood of poison messages.
 */
@Tag("rabbitmq")
class RabbitMqReliabilityTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<Process> children = new ArrayList<>();

	private String queue;

	private String exchange;

	private Server h2;

	private String jdbcUrl;

	@TempDir
	Path temp;

	@BeforeAll
	static void requireRabbitMq() {
		RabbitMqBroker.requireRunning();
	}

	@BeforeEach
	void isolate() throws SQLException {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.queue = "reliability." + suffix;
		this.exchange = "reliability-events." + suffix;
		// A database on a loopback TCP port, so a child JVM and this JVM share it.
		this.h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
		this.jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + this.h2.getPort() + "/mem:" + suffix + ";DB_CLOSE_DELAY=-1";
	}

	@AfterEach
	void cleanUp() {
		this.children.forEach(Process::destroyForcibly);
		this.contexts.forEach(ConfigurableApplicationContext::close);
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1", RabbitMqBroker.port());
		try {
			RabbitAdmin admin = new RabbitAdmin(connectionFactory);
			admin.deleteQueue(this.queue);
			admin.deleteQueue(EventTopology.deadLetterQueue(this.queue));
			admin.deleteExchange(this.exchange);
			admin.deleteExchange(this.exchange + ".dlx");
		}
		finally {
			connectionFactory.destroy();
			this.h2.stop();
		}
	}

	@Test
	void brokerOutageMidStreamLosesNothingAndAppliesNothingTwice() {
		ConfigurableApplicationContext service = start(List.of());
		JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
		MeterRegistry meters = service.getBean(MeterRegistry.class);
		publish(service, 0, 1500);
		await().atMost(Duration.ofSeconds(60)).until(() -> effectRows(jdbc) >= 300);

		// Awaitility fails these awaits if any thread dies of an uncaught exception meanwhile: with Spring AMQP before
		// 4.0.6 a connection factory thread did, waiting for a closed channel's confirms (ConfirmChannelLeakCheck).
		RabbitMqBroker.stopApp();
		try {
			publish(service, 1500, 1500);
			// Down for several seconds: long enough that the outbox reports an old unsent row.
			await().atMost(Duration.ofSeconds(60))
				.until(() -> meters.get("platform.events.outbox.oldest.age").gauge().value() >= 5);
			assertThat(meters.get("platform.events.outbox.backlog").gauge().value()).isPositive();
		}
		finally {
			RabbitMqBroker.startApp();
		}

		publish(service, 3000, 1000);
		await().atMost(Duration.ofMinutes(3)).until(() -> distinctEffects(jdbc) == 4000);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> meters.get("platform.events.outbox.backlog").gauge().value() == 0);
		assertThat(effectRows(jdbc)).as("effects applied (none twice)").isEqualTo(4000);
		assertThat(meters.get("platform.events.publish.failures").counter().count()).isPositive();
	}

	@Test
	void aBrokerMemoryAlarmHoldsTheRelayAndNothingIsLostWhenItClears() {
		ConfigurableApplicationContext service = start(List.of("platform.events.relay.confirm-timeout=2s"));
		JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
		OutboxRelay relay = service.getBean(OutboxRelay.class);
		publish(service, 0, 50);
		await().atMost(Duration.ofSeconds(60)).until(() -> distinctEffects(jdbc) == 50);

		RabbitMqBroker.raiseMemoryAlarm();
		try {
			publish(service, 50, 100);
			// The broker blocks the connection at its first publish under the alarm, and says so.
			await().atMost(Duration.ofSeconds(60)).until(relay::isBrokerBlocked);
			assertThat(distinctEffects(jdbc)).isLessThan(150);
		}
		finally {
			RabbitMqBroker.clearMemoryAlarm();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> !relay.isBrokerBlocked());
		await().atMost(Duration.ofMinutes(2)).until(() -> distinctEffects(jdbc) == 150);
		assertThat(effectRows(jdbc)).as("effects applied (none twice)").isEqualTo(150);
	}

	@Test
	void consumerKilledBetweenCommitAndAckDoesNotApplyTheRedeliveryAgain() throws Exception {
		JdbcTemplate jdbc = createSchema();
		UUID crashing = recordEvents(jdbc, 200, "{\"haltAfterCommit\":true}");
		Path log = this.temp.resolve("consumer.log");
		Process consumer = child("consume", log, "-D" + EventsTestApplication.HALT_PROPERTY + "=true");
		assertThat(consumer.waitFor(120, TimeUnit.SECONDS)).as(() -> "consumer halted; log:\n" + read(log)).isTrue();
		assertThat(consumer.exitValue()).as(() -> "halted after committing the effect; log:\n" + read(log))
			.isEqualTo(3);
		assertThat(effects(jdbc, crashing)).isEqualTo(1);

		ListAppender<ILoggingEvent> skipped = new ListAppender<>();
		skipped.start();
		Logger listenerLogger = (Logger) LoggerFactory.getLogger(IdempotentEventListener.class);
		ConfigurableApplicationContext service;
		try {
			// Attached once Boot has configured logging, which replaces earlier appenders, and before listeners start.
			service = start(List.of(), (ApplicationListener<ApplicationPreparedEvent>) (event) -> listenerLogger
				.addAppender(skipped));
			await().atMost(Duration.ofSeconds(60)).until(() -> distinctEffects(jdbc) == 200);
		}
		finally {
			listenerLogger.detachAppender(skipped);
		}
		UUID crashed = crashing;
		long redeliveriesOfCrashed = skipped.list.stream()
			.filter((event) -> event.getMessage().startsWith("Skipped event"))
			.filter((event) -> crashed.equals(event.getArgumentArray()[0])
					&& Boolean.TRUE.equals(event.getArgumentArray()[3]))
			.count();
		assertThat(redeliveriesOfCrashed).as("broker redeliveries of the event whose ack was lost").isEqualTo(1);
		Counter duplicates = service.getBean(MeterRegistry.class)
			.find("platform.events.consumed")
			.tags("type", "order.created", "outcome", "duplicate")
			.counter();
		assertThat(duplicates).as("redeliveries detected").isNotNull();
		assertThat(duplicates.count()).isGreaterThanOrEqualTo(1);
		assertThat(effects(jdbc, crashing)).isEqualTo(1);
		assertThat(effectRows(jdbc)).isEqualTo(200);
	}

	@Test
	void consumerOutOfMemoryExitsTheProcessAndTheEventWaitsForTheNextConsumer() throws Exception {
		JdbcTemplate jdbc = createSchema();
		UUID fatal = recordEvents(jdbc, 50, "{\"outOfMemory\":true}");
		Path log = this.temp.resolve("consumer.log");
		Process consumer = child("consume", log, "-D" + EventsTestApplication.OUT_OF_MEMORY_PROPERTY + "=true");
		assertThat(consumer.waitFor(120, TimeUnit.SECONDS)).as(() -> "consumer exited; log:\n" + read(log)).isTrue();
		// Spring AMQP's container exits the process on an Error from a listener (status 99).
		assertThat(consumer.exitValue()).as(() -> "exit status; log:\n" + read(log)).isEqualTo(99);
		assertThat(read(log)).contains("Returning event " + fatal);
		assertThat(effects(jdbc, fatal)).isZero();

		ConfigurableApplicationContext service = start(List.of());
		await().atMost(Duration.ofSeconds(60)).until(() -> distinctEffects(jdbc) == 50);
		assertThat(effects(jdbc, fatal)).isEqualTo(1);
		assertThat(effectRows(jdbc)).isEqualTo(50);
		assertThat(service.getBean(RabbitTemplate.class).receive(EventTopology.deadLetterQueue(this.queue))).isNull();
	}

	@Test
	void producerKilledBetweenCommitAndRelayHasItsEventRelayedAfterRestart() throws Exception {
		createSchema();
		Path log = this.temp.resolve("producer.log");
		Process producer = child("produce", log, "-Dplatform.events.relay.enabled=false");
		String committed = await().atMost(Duration.ofSeconds(120))
			.failFast("producer exited; log:\n" + log, () -> !producer.isAlive())
			.until(() -> Files.exists(log) ? Files.readAllLines(log)
				.stream()
				.filter((line) -> line.startsWith(EventsChildProcess.COMMITTED))
				.findFirst()
				.orElse(null) : null, (line) -> line != null);
		producer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		UUID id = UUID.fromString(committed.substring(EventsChildProcess.COMMITTED.length()).trim());
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.jdbcUrl));
		assertThat(jdbc.queryForObject("SELECT sent_at IS NULL FROM platform_outbox WHERE event_id = ?", Boolean.class,
				id))
			.as("not relayed before the kill")
			.isTrue();

		start(List.of());
		await().atMost(Duration.ofSeconds(60)).until(() -> effects(jdbc, id) == 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject("SELECT sent_at IS NOT NULL FROM platform_outbox WHERE event_id = ?",
					Boolean.class, id));
	}

	@Test
	void eventNoQueueTakesIsCountedAsUnroutableAndADeadLetterNoQueueTakesFails() {
		ConfigurableApplicationContext service = start(List.of());
		JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
		// RabbitMQ returns an unroutable mandatory message and then acks it (Qpid Broker-J nacks first).
		UUID unroutable = service.getBean(TransactionTemplate.class)
			.execute((status) -> service.getBean(Events.class).publish("invoice.created", "invoice-1", Map.of()));
		UUID routed = service.getBean(TransactionTemplate.class)
			.execute((status) -> service.getBean(Events.class).publish("order.created", "order-1", Map.of("n", 1)));
		await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM platform_outbox WHERE sent_at IS NOT NULL AND event_id IN (?, ?)", Integer.class,
				unroutable, routed) == 2);
		MeterRegistry registry = service.getBean(MeterRegistry.class);
		assertThat(registry.get("platform.events.unroutable").tag("type", "invoice.created").counter().count())
			.isEqualTo(1);
		assertThat(registry.find("platform.events.unroutable").tag("type", "order.created").counter()).isNull();
		ConfirmingSender sender = service.getBean(ConfirmingSender.class);
		Message message = new Message(new byte[0]);
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(ConfirmingSender.UnroutableException.class)
			.isThrownBy(() -> sender.send(this.exchange + ".dlx", "no-such-queue", message, Duration.ofSeconds(10)));
		sender.send(this.exchange + ".dlx", this.queue, message, Duration.ofSeconds(10));
	}

	@Test
	void poisonMessagesEndInTheDeadLetterQueueWhileGoodOnesFlow() {
		ConfigurableApplicationContext service = start(List.of("spring.rabbitmq.listener.simple.concurrency=2"));
		JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
		Events events = service.getBean(Events.class);
		service.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
			for (int i = 0; i < 500; i++) {
				boolean poison = (i % 5 == 0);
				events.publish("order.created", "order-" + (i % 20), poison ? Map.of("poison", true) : Map.of("n", i));
			}
		});
		String deadLetterQueue = EventTopology.deadLetterQueue(this.queue);
		AmqpAdmin admin = service.getBean(AmqpAdmin.class);
		await().atMost(Duration.ofMinutes(2)).until(() -> distinctEffects(jdbc) == 400);
		await().atMost(Duration.ofMinutes(2)).until(() -> {
			QueueInformation info = admin.getQueueInfo(deadLetterQueue);
			return info != null && info.getMessageCount() == 100;
		});
		RabbitTemplate rabbit = service.getBean(RabbitTemplate.class);
		for (int i = 0; i < 100; i++) {
			Message dead = rabbit.receive(deadLetterQueue, 5000);
			assertThat(dead).isNotNull();
			Map<String, Object> headers = dead.getMessageProperties().getHeaders();
			assertThat(headers.get(IdempotentEventListener.FAILURE_REASON_HEADER).toString())
				.startsWith("cannot apply poison event");
			assertThat(headers.get(IdempotentEventListener.ATTEMPTS_HEADER)).isEqualTo(3);
			assertThat(headers.get(IdempotentEventListener.ORIGINAL_QUEUE_HEADER)).isEqualTo(this.queue);
		}
		assertThat(effectRows(jdbc)).isEqualTo(400);
		assertThat(service.getBean(MeterRegistry.class)
			.get("platform.events.consumed")
			.tags("type", "order.created", "outcome", "dead_lettered")
			.counter()
			.count()).isEqualTo(100);
	}

	private ConfigurableApplicationContext start(List<String> extra, ApplicationListener<?>... listeners) {
		List<String> properties = new ArrayList<>(serviceProperties());
		properties.addAll(extra);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EventsTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.listeners(listeners)
			.run();
		this.contexts.add(context);
		return context;
	}

	private List<String> serviceProperties() {
		List<String> properties = new ArrayList<>(
				EventsTestSupport.properties(this.jdbcUrl, RabbitMqBroker.port(), this.queue, this.exchange));
		properties.add("platform.events.relay.max-backoff=500ms");
		return properties;
	}

	private Process child(String mode, Path log, String... systemProperties) throws Exception {
		List<String> arguments = serviceProperties().stream().map((property) -> "--" + property).toList();
		Process process = EventsChildProcess.start(mode, arguments, log, systemProperties);
		this.children.add(process);
		return process;
	}

	/**
	 * Records events in the outbox over ten aggregates, the one in the middle with the given payload.
	 * @return the id of that event
	 */
	private static UUID recordEvents(JdbcTemplate jdbc, int count, String specialPayload) {
		JdbcOutbox outbox = new JdbcOutbox(jdbc);
		UUID special = null;
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			boolean isSpecial = (i == count / 2);
			special = isSpecial ? id : special;
			outbox.insert(new EventEnvelope(id, "order.created", 1, Instant.now(), "orders", "order-" + (i % 10), null,
					isSpecial ? specialPayload : "{\"n\":" + i + "}"));
		}
		return special;
	}

	private JdbcTemplate createSchema() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl);
		new ResourceDatabasePopulator(new ClassPathResource("db/platform/events/h2/R__platform_events.sql"),
				new ClassPathResource("events-test-schema.sql"))
			.execute(dataSource);
		return new JdbcTemplate(dataSource);
	}

	private void publish(ConfigurableApplicationContext service, int from, int count) {
		Events events = service.getBean(Events.class);
		TransactionTemplate transactions = service.getBean(TransactionTemplate.class);
		for (int batch = from; batch < from + count; batch += 50) {
			int start = batch;
			transactions.executeWithoutResult((status) -> {
				for (int i = start; i < start + 50; i++) {
					events.publish("order.created", "order-" + (i % 100), Map.of("n", i));
				}
			});
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (java.io.IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	private static int effectRows(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM test_effect", Integer.class);
	}

	private static int distinctEffects(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(DISTINCT event_id) FROM test_effect", Integer.class);
	}

	private static int effects(JdbcTemplate jdbc, UUID id) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM test_effect WHERE event_id = ?", Integer.class, id);
	}

}
