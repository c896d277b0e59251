package dev.platform.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

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

import org.springframework.beans.factory.DisposableBean;

/**
 * Counts log events the asynchronous appender dropped because its buffer was full:
 * {@code platform.logging.events.dropped}. A non-zero rate means the console (or whatever reads it) is too
 * slow, and requests were protected from it.
 */
class AsyncLogMetrics implements MeterBinder, DisposableBean {

	static final String APPENDER_NAME = "PLATFORM_ASYNC";

	/** One listener per binder, whatever the number of registries it is bound to; removed with the binder. */
	private final DropCounter listener = new DropCounter(new CopyOnWriteArrayList<>());

	private final Supplier<@Nullable AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>>> appenders;

	private @Nullable AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>> appender;

	AsyncLogMetrics() {
		this(AsyncLogMetrics::findAppender);
	}

	AsyncLogMetrics(Supplier<@Nullable AsyncDisruptorAppender<ILoggingEvent, AppenderListener<ILoggingEvent>>> appenders) {
		this.appenders = appenders;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		Counter dropped = Counter.builder("platform.logging.events.dropped")
			.description("Log events dropped because the asynchronous log buffer was full")
			.register(registry);
		// By identity: meters of different registries with the same name and tags are equal.
		if (this.listener.counters().stream().noneMatch((counter) -> counter == dropped)) {
			this.listener.counters().add(dropped);
		}
		if (this.appender == null) {
			this.appender = this.appenders.get();
			if (this.appender != null) {
				this.appender.addListener(this.listener);
			}
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.appender != null) {
			this.appender.removeListener(this.listener);
			this.appender = null;
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

	record DropCounter(List<Counter> counters) implements AppenderListener<ILoggingEvent> {

		@Override
		public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
			this.counters.forEach(Counter::increment);
		}

	}

}
