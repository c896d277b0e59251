package dev.platform.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.logstash.logback.appender.AsyncDisruptorAppender;
import net.logstash.logback.appender.listener.AppenderListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Counts log events the asynchronous appender dropped because its buffer was full:
 * {@code platform.logging.events.dropped}. A non-zero rate means the console (or whatever reads it) is too
 * slow, and requests were protected from it.
 */
class AsyncLogMetrics implements MeterBinder {

	static final String APPENDER_NAME = "PLATFORM_ASYNC";

	@Override
	public void bindTo(MeterRegistry registry) {
		Counter dropped = Counter.builder("platform.logging.events.dropped")
			.description("Log events dropped because the asynchronous log buffer was full")
			.register(registry);
		AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>> appender = findAppender();
		if (appender != null) {
			appender.addListener(new DropCounter(dropped));
		}
	}

	@SuppressWarnings("unchecked")
	static @Nullable AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>> findAppender() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (factory instanceof LoggerContext context) {
			Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER_NAME);
			if (appender instanceof AsyncDisruptorAppender<?, ?> async) {
				return (AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>>) async;
			}
		}
		return null;
	}

	record DropCounter(Counter dropped) implements AppenderListener<ILoggingEvent> {

		@Override
		public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
			this.dropped.increment();
		}

	}

}
