package dev.platform.logging;

import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import net.logstash.logback.composite.JsonProviders;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.jspecify.annotations.Nullable;

/**
 * Builds the encoder of the starter's JSON log lines (logstash-logback-encoder), in code rather than from a
 * Logback XML file: reading XML with Joran cost about a third of a second of every startup.
 * <p>
 * One JSON object per line, fields in this order: {@code timestamp} (ISO-8601, UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, {@code trace_id} and {@code span_id} (from the MDC, with any
 * other MDC entries), key-value pairs, structured arguments, {@code service}, {@code version},
 * {@code environment}, and {@code stack_trace} (root cause first, at most 8192 characters), none of them twice (an MDC
 * entry, key-value pair or structured argument of one of those names is written as {@code mdc_<name>},
 * {@code kv_<name>} or {@code arg_<name>}); Boot's startup failure
 * report has its description as the message and an {@code action} field. Control characters
 * in messages are escaped by the JSON writer, so a message can never start a second line or object.
 */
public final class JsonLogEncoders {

	/** Stack frames of reflection and the servlet container say nothing about the failure. */
	static final String STACK_TRACE_EXCLUSIONS = "^sun\\.reflect\\.,^java\\.lang\\.reflect\\.,^jdk\\.internal\\.reflect\\.,"
			+ "^org\\.apache\\.catalina\\.core\\.,^org\\.apache\\.tomcat\\.util\\.,^org\\.apache\\.coyote\\.";

	/**
	 * The line's own top-level fields. An MDC entry, key-value pair or structured argument of one of these names is
	 * written as {@code mdc_<name>}, {@code kv_<name>} or {@code arg_<name>}, so a reader that keeps the last of two equal names never shows it as
	 * the line's own, and the masking (which skips the line's own fields) masks it. The line's trace ids are the
	 * MDC's {@code traceId} and {@code spanId}, which the tracing bridge sets.
	 */
	static final Set<String> RESERVED_FIELDS = Set.of("timestamp", "level", "logger", "thread",
			"message", "action", "trace_id", "span_id", "service", "version", "environment", "stack_trace");

	private JsonLogEncoders() {
	}

	/**
	 * Creates and starts an encoder.
	 * @param context the Logback context
	 * @param serviceFields the service's identity fields
	 * @param masking the masking decorator, started, or {@code null} for none
	 * @return the started encoder
	 */
	public static LoggingEventCompositeJsonEncoder create(Context context, ServiceFieldsJsonProvider serviceFields,
			@Nullable LogMasking masking) {
		LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
		encoder.setContext(context);
		if (masking != null) {
			encoder.addDecorator(masking);
		}
		JsonProviders<ILoggingEvent> providers = encoder.getProviders();
		LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
		timestamp.setFieldName("timestamp");
		timestamp.setTimeZone("UTC");
		providers.addProvider(timestamp);
		LogLevelJsonProvider level = new LogLevelJsonProvider();
		level.setFieldName("level");
		providers.addProvider(level);
		LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
		logger.setFieldName("logger");
		providers.addProvider(logger);
		LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
		thread.setFieldName("thread");
		providers.addProvider(thread);
		providers.addProvider(new PlatformMessageJsonProvider((masking != null) ? masking.textMasker() : null));
		MdcJsonProvider mdc = new MdcJsonProvider();
		mdc.addMdcKeyFieldName("traceId=trace_id");
		mdc.addMdcKeyFieldName("spanId=span_id");
		KeyValuePairsJsonProvider keyValuePairs = new KeyValuePairsJsonProvider();
		for (String reserved : RESERVED_FIELDS) {
			mdc.addMdcKeyFieldName(reserved + "=mdc_" + reserved);
			keyValuePairs.addKeyFieldName(reserved + "=kv_" + reserved);
		}
		// MDC values are strings: written as such, not through Jackson's object serialization (half the cost).
		mdc.addMdcEntryWriter((generator, fieldName, mdcKey, value) -> {
			generator.writeStringProperty(fieldName, value);
			return true;
		});
		providers.addProvider(mdc);
		providers.addProvider(keyValuePairs);
		providers.addProvider(new ArgumentFieldsJsonProvider(RESERVED_FIELDS));
		providers.addProvider(serviceFields);
		providers.addProvider(stackTrace());
		encoder.start();
		return encoder;
	}

	/**
	 * Creates and starts the masking decorator.
	 * @param keys comma-separated keys whose values are masked
	 * @param cardNumbers whether values shaped like payment card numbers are masked
	 * @return the started decorator
	 */
	public static LogMasking masking(String keys, boolean cardNumbers) {
		LogMasking masking = new LogMasking();
		masking.setKeys(keys);
		masking.setCardNumbers(cardNumbers);
		masking.start();
		return masking;
	}

	private static StackTraceJsonProvider stackTrace() {
		ShortenedThrowableConverter converter = new ShortenedThrowableConverter();
		converter.setRootCauseFirst(true);
		converter.setMaxDepthPerThrowable(30);
		converter.setMaxLength(8192);
		converter.setShortenedClassNameLength(40);
		converter.addExclusions(STACK_TRACE_EXCLUSIONS);
		StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
		stackTrace.setFieldName("stack_trace");
		stackTrace.setThrowableConverter(converter);
		return stackTrace;
	}

}
