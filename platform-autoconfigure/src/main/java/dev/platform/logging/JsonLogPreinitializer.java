package dev.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.jspecify.annotations.Nullable;

/**
 * Builds and uses a throw-away JSON encoder on a background thread while the main thread prepares the environment,
 * so that the real one, built when logging is initialized, finds its classes loaded. Most of that is Jackson's:
 * the encoder's {@code JsonMapper} is the first of the process, and it is built on the main thread, before Boot's
 * own {@code BackgroundPreinitializer} (which builds one as well) has started.
 * <p>
 * Like Boot's, it runs only with more than one processor and not when the system property
 * {@code spring.backgroundpreinitializer.ignore} is {@code true}. It touches nothing but its own Logback context;
 * whatever fails in it is ignored, the real encoder then does the same work itself.
 */
final class JsonLogPreinitializer implements Runnable {

	static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	static final String THREAD_NAME = "platform-log-preinit";

	private JsonLogPreinitializer() {
	}

	/**
	 * Starts the warm-up unless switched off.
	 * @return the thread, or {@code null} when it did not start
	 */
	static @Nullable Thread startIfUseful() {
		if (Boolean.getBoolean(IGNORE_PROPERTY) || Runtime.getRuntime().availableProcessors() <= 1) {
			return null;
		}
		Thread thread = new Thread(new JsonLogPreinitializer(), THREAD_NAME);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	@Override
	public void run() {
		try {
			encodeSample();
		}
		catch (RuntimeException | LinkageError ex) {
			// Nothing was shared; the real encoder does the same work itself.
		}
	}

	/**
	 * Encodes one event the way the starter's console does, in a Logback context of its own.
	 * @return the JSON line
	 */
	static byte[] encodeSample() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		LoggingEventCompositeJsonEncoder encoder = JsonLogEncoders.create(context,
				new ServiceFieldsJsonProvider("preinit", "", ""), JsonLogEncoders.masking("password", true));
		try {
			LoggingEvent event = new LoggingEvent(JsonLogPreinitializer.class.getName(),
					context.getLogger(JsonLogPreinitializer.class), Level.INFO, "warm-up {}", null,
					new Object[] { 1 });
			return encoder.encode(event);
		}
		finally {
			encoder.stop();
			context.stop();
		}
	}

}
