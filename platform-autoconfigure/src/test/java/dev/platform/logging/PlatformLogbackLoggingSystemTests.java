package dev.platform.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How the logging system sets up the console where Boot would apply its defaults. (What whole applications
 * write, from their first line, is in JsonLogOutputTests.)
 */
class PlatformLogbackLoggingSystemTests {

	private final PlatformLogbackLoggingSystem system = new PlatformLogbackLoggingSystem(getClass().getClassLoader());

	private final MockEnvironment environment = new MockEnvironment();

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);

	@BeforeEach
	void forgetEarlierInitialization() {
		this.system.cleanUp();
	}

	/**
	 * Leaves a working console for tests that log without starting an application, and logging marked as not
	 * initialized, so the next application started in this JVM configures it for itself.
	 */
	@AfterEach
	void leaveTheDefaultsForTheTestsThatFollow() {
		this.system.cleanUp();
		this.system.beforeInitialize();
		this.system.initialize(new LoggingInitializationContext(new MockEnvironment()), null, null);
		this.system.cleanUp();
	}

	@Test
	void bootPicksThisSystemWhereItWouldPickLogback() {
		assertThat(LoggingSystem.get(getClass().getClassLoader())).isInstanceOf(PlatformLogbackLoggingSystem.class);
	}

	@Test
	void jsonLinesGoThroughABufferWhoseWriterParksInsteadOfBeingSignalled() {
		this.environment.setProperty("platform.logging.async.queue-size", "1024");
		initialize();
		assertThat(this.root.getAppender(PlatformLogbackLoggingSystem.BOOT_CONSOLE)).isNull();
		LoggingEventAsyncDisruptorAppender async = asyncAppender();
		assertThat(async.isStarted()).isTrue();
		assertThat(async.getWaitStrategy()).isInstanceOf(SleepingWaitStrategy.class);
		assertThat(async.getRingBufferSize()).isEqualTo(1024);
		assertThat(jsonConsole().isStarted()).isTrue();
	}

	@Test
	void linesCarryTheServiceIdentityAndMaskTheConfiguredKeys() {
		this.environment.setProperty("spring.application.name", "orders");
		this.environment.setProperty("management.opentelemetry.resource-attributes.service.version", "1.4.2");
		this.environment.setProperty("management.opentelemetry.resource-attributes.deployment.environment.name",
				"prod");
		// The form a YAML list takes.
		this.environment.setProperty("platform.logging.mask.keys[0]", "ssn");
		this.environment.setProperty("platform.logging.mask.card-numbers", "false");
		initialize();
		JsonNode line = encode("ssn=123-45-6789 password=hunter2 card 4111 1111 1111 1111");
		assertThat(line.get("service").asString()).isEqualTo("orders");
		assertThat(line.get("version").asString()).isEqualTo("1.4.2");
		assertThat(line.get("environment").asString()).isEqualTo("prod");
		assertThat(line.get("logger").asString()).isEqualTo("com.example.Orders");
		assertThat(line.get("message").asString())
			.isEqualTo("ssn=**** password=hunter2 card 4111 1111 1111 1111");
	}

	@Test
	void defaultMaskingCoversPasswordsAndCardsAndUnknownIdentityFieldsAreLeftOut() {
		initialize();
		JsonNode line = encode("password=hunter2 card 4111 1111 1111 1111");
		assertThat(line.get("message").asString()).isEqualTo("password=**** card ****");
		assertThat(line.get("service").asString()).isEqualTo("unknown_service");
		assertThat(line.has("version")).isFalse();
		assertThat(line.has("environment")).isFalse();
	}

	@Test
	void consoleThresholdStillApplies() {
		this.environment.setProperty("logging.threshold.console", "warn");
		initialize();
		assertThat(jsonConsole().getFilterChainDecision(event(Level.INFO, "quiet"))).isEqualTo(FilterReply.DENY);
		assertThat(jsonConsole().getFilterChainDecision(event(Level.WARN, "loud"))).isNotEqualTo(FilterReply.DENY);
	}

	@Test
	void fileLoggingStillApplies(@TempDir Path directory) {
		this.environment.setProperty("logging.file.name", directory.resolve("app.log").toString());
		this.system.beforeInitialize();
		this.system.initialize(new LoggingInitializationContext(this.environment), null, LogFile.get(this.environment));
		assertThat(this.root.getAppender("FILE")).isNotNull();
		assertThat(asyncAppender().isStarted()).isTrue();
	}

	@Test
	void textFormatPutsBootsConsoleBehindTheBuffer() {
		this.environment.setProperty("platform.logging.format", "TEXT");
		initialize();
		assertThat(this.root.getAppender(PlatformLogbackLoggingSystem.BOOT_CONSOLE)).isNull();
		Appender<ILoggingEvent> console = asyncAppender().getAppender(PlatformLogbackLoggingSystem.BOOT_CONSOLE);
		assertThat(console).isInstanceOf(ConsoleAppender.class).isNotInstanceOf(BatchingConsoleAppender.class);
		assertThat(console.isStarted()).isTrue();
	}

	@Test
	void switchedOffItIsBootsLogging() {
		this.environment.setProperty("platform.logging.enabled", "false");
		initialize();
		assertThat(this.root.getAppender(AsyncLogMetrics.APPENDER_NAME)).isNull();
		assertThat(this.root.getAppender(PlatformLogbackLoggingSystem.BOOT_CONSOLE)).isNotNull();
	}

	@Test
	void aQueueSizeThatIsNotAPowerOfTwoFailsNamingTheProperty() {
		this.environment.setProperty("platform.logging.async.queue-size", "1000");
		assertThatException().isThrownBy(this::initialize)
			.withMessageContaining("platform.logging.async.queue-size")
			.withMessageContaining("1000")
			.withMessageContaining("power of two");
		assertThat(this.root.getAppender(PlatformLogbackLoggingSystem.BOOT_CONSOLE)).isNotNull();
		assertThat(this.root.getAppender(AsyncLogMetrics.APPENDER_NAME)).isNull();
	}

	@Test
	void aQueueSizeAboveTheLimitFailsNamingThePropertyInsteadOfTakingTheHeap() {
		// 2^30 slots would be allocated whole, before the first line: an OutOfMemoryError that names nothing.
		this.environment.setProperty("platform.logging.async.queue-size", "1073741824");
		assertThatException().isThrownBy(this::initialize)
			.withMessageContaining("platform.logging.async.queue-size")
			.withMessageContaining("at most 1048576");
	}

	@Test
	void aQueueSizeThatIsNotANumberFailsNamingTheProperty() {
		this.environment.setProperty("platform.logging.async.queue-size", "lots");
		assertThatException().isThrownBy(this::initialize)
			.withMessageContaining("platform.logging.async.queue-size");
	}

	private void initialize() {
		this.system.beforeInitialize();
		this.system.initialize(new LoggingInitializationContext(this.environment), null, null);
	}

	private LoggingEventAsyncDisruptorAppender asyncAppender() {
		return (LoggingEventAsyncDisruptorAppender) this.root.getAppender(AsyncLogMetrics.APPENDER_NAME);
	}

	private BatchingConsoleAppender jsonConsole() {
		return (BatchingConsoleAppender) asyncAppender().getAppender(PlatformLogbackLoggingSystem.JSON_CONSOLE);
	}

	private JsonNode encode(String message) {
		byte[] bytes = jsonConsole().getEncoder().encode(event(Level.INFO, message));
		return JsonMapper.builder().build().readTree(new String(bytes, StandardCharsets.UTF_8));
	}

	private LoggingEvent event(Level level, String message) {
		return new LoggingEvent(Logger.class.getName(), this.context.getLogger("com.example.Orders"), level, message,
				null, null);
	}

}
