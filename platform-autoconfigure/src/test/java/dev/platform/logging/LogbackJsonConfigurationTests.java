package dev.platform.logging;

import java.net.URL;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the JSON configuration wires its appenders: request threads hand events to the ring buffer without waking
 * the writer, and the writer writes each batch with one flush. (What the lines contain is in JsonLogOutputTests.)
 */
class LogbackJsonConfigurationTests {

	@Test
	void theWriterParksInsteadOfBeingSignalledAndFlushesPerBatch() throws Exception {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		// What Boot's springProperty elements would define.
		context.putProperty("PLATFORM_SERVICE", "test");
		context.putProperty("PLATFORM_MASK_KEYS", "password");
		context.putProperty("PLATFORM_MASK_CARDS", "true");
		context.putProperty("PLATFORM_QUEUE_SIZE", "1024");
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		URL config = getClass().getResource("/dev/platform/logging/logback-json.xml");
		try {
			configurator.doConfigure(config);
			LoggingEventAsyncDisruptorAppender async = (LoggingEventAsyncDisruptorAppender) context
				.getLogger(Logger.ROOT_LOGGER_NAME)
				.getAppender("PLATFORM_ASYNC");
			assertThat(async.getWaitStrategy()).isInstanceOf(SleepingWaitStrategy.class);
			assertThat(async.getRingBufferSize()).isEqualTo(1024);
			assertThat(async.getAppender("PLATFORM_JSON_CONSOLE")).isInstanceOf(BatchingConsoleAppender.class);
		}
		finally {
			context.stop();
		}
	}

}
