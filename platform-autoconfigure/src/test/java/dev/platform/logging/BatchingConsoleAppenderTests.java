package dev.platform.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The buffered console appender writes only when flushed; behind the async appender every batch is flushed, so a
 * single event still reaches the console without waiting for more.
 */
class BatchingConsoleAppenderTests {

	private final PrintStream originalOut = System.out;

	private final ByteArrayOutputStream console = new ByteArrayOutputStream();

	private final LoggerContext context = new LoggerContext();

	private BatchingConsoleAppender appender;

	@BeforeEach
	void captureConsole() {
		System.setOut(new PrintStream(this.console, true, StandardCharsets.UTF_8));
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.start();
		this.appender = new BatchingConsoleAppender();
		this.appender.setContext(this.context);
		this.appender.setEncoder(encoder);
		this.appender.start();
	}

	@AfterEach
	void restoreConsole() {
		this.appender.stop();
		this.context.stop();
		System.setOut(this.originalOut);
	}

	@Test
	void buffersUntilFlushed() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.appender.doAppend(event("line " + i));
		}
		assertThat(console()).isEmpty();
		this.appender.getOutputStream().flush();
		assertThat(console()).isEqualTo("line 0\nline 1\nline 2\n");
	}

	@Test
	void stoppingFlushes() {
		this.appender.doAppend(event("last words"));
		this.appender.stop();
		assertThat(console()).isEqualTo("last words\n");
	}

	@Test
	void theAsyncAppenderFlushesEveryBatchSoALoneEventIsNotHeldBack() {
		LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
		async.setContext(this.context);
		async.addAppender(this.appender);
		async.start();
		Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.INFO);
		root.addAppender(async);
		try {
			root.info("alone");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console()).isEqualTo("alone\n"));
			for (int i = 0; i < 1000; i++) {
				root.info("burst {}", i);
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console()).endsWith("burst 999\n"));
			assertThat(console().lines()).hasSize(1001);
		}
		finally {
			async.stop();
		}
	}

	private LoggingEvent event(String message) {
		Logger logger = this.context.getLogger("test");
		return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
	}

	private String console() {
		return this.console.toString(StandardCharsets.UTF_8);
	}

}
