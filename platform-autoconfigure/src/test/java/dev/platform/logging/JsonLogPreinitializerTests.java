package dev.platform.logging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up of the JSON console: it goes through the real encoder, on a daemon thread of its own, leaves the
 * application's Logback context alone, and stays off where Boot's own preinitializer does.
 */
class JsonLogPreinitializerTests {

	@AfterEach
	void clearProperty() {
		System.clearProperty(JsonLogPreinitializer.IGNORE_PROPERTY);
	}

	@Test
	void encodesOneLineThroughTheStarterEncoder() {
		String line = new String(JsonLogPreinitializer.encodeSample(), StandardCharsets.UTF_8);
		assertThat(line).contains("\"message\":\"warm-up 1\"", "\"service\":\"preinit\"", "\"level\":\"INFO\"")
			.endsWith("\n");
	}

	@Test
	void runsOnADaemonThreadAndLeavesTheApplicationsContextAlone() throws InterruptedException {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		List<Appender<?>> before = appenders(context);
		Thread thread = JsonLogPreinitializer.startIfUseful();
		if (Runtime.getRuntime().availableProcessors() <= 1) {
			assertThat(thread).isNull();
			return;
		}
		assertThat(thread).isNotNull();
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).isEqualTo(JsonLogPreinitializer.THREAD_NAME);
		thread.join(30_000);
		assertThat(thread.isAlive()).isFalse();
		assertThat(appenders(context)).containsExactlyElementsOf(before);
	}

	@Test
	void staysOffWhenBootsPreinitializerIsSwitchedOff() {
		System.setProperty(JsonLogPreinitializer.IGNORE_PROPERTY, "true");
		assertThat(JsonLogPreinitializer.startIfUseful()).isNull();
	}

	private static List<Appender<?>> appenders(LoggerContext context) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		List<Appender<?>> appenders = new ArrayList<>();
		root.iteratorForAppenders().forEachRemaining(appenders::add);
		return appenders;
	}

}
