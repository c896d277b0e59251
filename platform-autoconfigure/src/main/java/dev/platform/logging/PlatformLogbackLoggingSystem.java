package dev.platform.logging;

import java.util.Objects;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.platform.identity.MissingServiceNameException;
import dev.platform.identity.ServiceIdentity;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.SleepingWaitStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Boot's Logback logging system with the starter's console output, configured in code. Where Boot would apply
 * its defaults (no {@code logging.config} and no {@code logback*.xml} of the application's own), it does so and
 * then puts the starter's console behind the root logger instead of Boot's: JSON lines
 * ({@link JsonLogEncoders}) or, with {@code platform.logging.format=text}, Boot's own console appender, both
 * behind a non-blocking asynchronous buffer that drops (and counts) events when the console cannot keep up.
 * Everything else of Boot's defaults stays: logger levels, {@code logging.threshold.console}, file logging.
 * <p>
 * Configuring in code rather than from an XML file saves Joran's parsing and model classes at every startup.
 * With {@code platform.logging.enabled=false} it is Boot's logging system unchanged.
 */
public class PlatformLogbackLoggingSystem extends LogbackLoggingSystem {

	/** The name of the console appender Boot's defaults attach to the root logger. */
	static final String BOOT_CONSOLE = "CONSOLE";

	static final String JSON_CONSOLE = "PLATFORM_JSON_CONSOLE";

	static final String QUEUE_SIZE = "platform.logging.async.queue-size";

	/** The largest queue: 2^20 events. */
	static final int MAX_QUEUE_SIZE = 1 << 20;

	/** The writer parks this long when the buffer is empty, then writes everything that came in as one batch. */
	private static final long WRITER_PARK_NANOS = 5_000_000;

	public PlatformLogbackLoggingSystem(ClassLoader classLoader) {
		super(classLoader);
	}

	@Override
	protected void loadDefaults(LoggingInitializationContext initializationContext, @Nullable LogFile logFile) {
		super.loadDefaults(initializationContext, logFile);
		Environment environment = initializationContext.getEnvironment();
		if (environment != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			PlatformLoggingProperties properties = Binder.get(environment)
				.bindOrCreate("platform.logging", PlatformLoggingProperties.class);
			if (properties.isEnabled()) {
				useStarterConsole(context, properties, environment);
			}
		}
	}

	private static void useStarterConsole(LoggerContext context, PlatformLoggingProperties properties,
			Environment environment) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		Appender<ILoggingEvent> bootConsole = root.getAppender(BOOT_CONSOLE);
		if (bootConsole == null) {
			return;
		}
		Appender<ILoggingEvent> console = (properties.getFormat() == PlatformLoggingProperties.Format.JSON)
				? jsonConsole(context, properties, environment, bootConsole) : bootConsole;
		Appender<ILoggingEvent> async = asynchronous(context, properties.getAsync().getQueueSize(), console);
		root.detachAppender(bootConsole);
		if (console != bootConsole) {
			bootConsole.stop();
		}
		root.addAppender(async);
	}

	private static Appender<ILoggingEvent> jsonConsole(LoggerContext context, PlatformLoggingProperties properties,
			Environment environment, Appender<ILoggingEvent> bootConsole) {
		BatchingConsoleAppender console = new BatchingConsoleAppender();
		console.setName(JSON_CONSOLE);
		console.setContext(context);
		PlatformLoggingProperties.Mask mask = properties.getMask();
		console.setEncoder(JsonLogEncoders.create(context, serviceFields(environment),
				JsonLogEncoders.masking(String.join(",", mask.getKeys()), mask.isCardNumbers())));
		// logging.threshold.console
		bootConsole.getCopyOfAttachedFiltersList().forEach(console::addFilter);
		console.start();
		return console;
	}

	private static ServiceFieldsJsonProvider serviceFields(Environment environment) {
		try {
			ServiceIdentity identity = ServiceIdentity.from(environment);
			return new ServiceFieldsJsonProvider(identity.name(), Objects.toString(identity.version(), ""),
					identity.environment());
		}
		catch (MissingServiceNameException ex) {
			// Without the starter's identity post-processor (it fails startup first when the name is missing).
			return new ServiceFieldsJsonProvider("unknown_service", "", "");
		}
	}

	private static Appender<ILoggingEvent> asynchronous(LoggerContext context, int queueSize,
			Appender<ILoggingEvent> console) {
		LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
		async.setName(AsyncLogMetrics.APPENDER_NAME);
		async.setContext(context);
		String queueSizeRule = "The queue size must be a positive power of two, at most " + MAX_QUEUE_SIZE + ".";
		// The ring buffer is allocated whole at startup: a huge size would take the heap before the first line.
		if (queueSize > MAX_QUEUE_SIZE) {
			throw new InvalidConfigurationPropertyValueException(QUEUE_SIZE, queueSize, queueSizeRule);
		}
		try {
			async.setRingBufferSize(queueSize);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(QUEUE_SIZE, queueSize, queueSizeRule);
		}
		// Request threads never signal the writer (the default blocking strategy costs a lock and a futex
		// wake-up per event); a line reaches the console at most 5 ms after it was logged.
		async.setWaitStrategy(new SleepingWaitStrategy(0, WRITER_PARK_NANOS));
		async.addAppender(console);
		async.start();
		return async;
	}

	/**
	 * Chooses this logging system wherever Boot would choose Logback and logstash-logback-encoder is present.
	 */
	@Order(Ordered.HIGHEST_PRECEDENCE + 1000)
	public static class Factory implements LoggingSystemFactory {

		private static final boolean PRESENT = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
				Factory.class.getClassLoader())
				&& ClassUtils.isPresent("net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder",
						Factory.class.getClassLoader());

		@Override
		public @Nullable LoggingSystem getLoggingSystem(ClassLoader classLoader) {
			return PRESENT ? new PlatformLogbackLoggingSystem(classLoader) : null;
		}

	}

}
