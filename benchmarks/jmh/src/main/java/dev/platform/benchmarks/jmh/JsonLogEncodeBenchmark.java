package dev.platform.benchmarks.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.platform.logging.LogMasking;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventPatternJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One log event with a trace id and span id in the MDC, encoded by the encoder of the starter's
 * {@code logback-json.xml} (same providers, field names and masking decorator), built in code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonLogEncodeBenchmark {

	private static final Map<String, String> MDC = Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId",
			"00f067aa0ba902b7", "enduser.id", "9f86d081884c7d659a2feaa0c55ad015");

	private LoggerContext context;

	private Logger logger;

	private LoggingEventCompositeJsonEncoder encoder;

	private LoggingEventCompositeJsonEncoder unmasked;

	@Setup
	public void setUp() {
		this.context = new LoggerContext();
		this.logger = this.context.getLogger("com.example.orders.OrderController");
		this.encoder = encoder(true);
		this.unmasked = encoder(false);
	}

	private LoggingEventCompositeJsonEncoder encoder(boolean masked) {
		LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
		encoder.setContext(this.context);
		if (masked) {
			LogMasking masking = new LogMasking();
			masking.setKeys(LogMasking.DEFAULT_KEYS);
			masking.setCardNumbers(true);
			masking.start();
			encoder.addDecorator(masking);
		}
		LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
		timestamp.setFieldName("timestamp");
		timestamp.setTimeZone("UTC");
		LogLevelJsonProvider level = new LogLevelJsonProvider();
		level.setFieldName("level");
		LoggerNameJsonProvider loggerName = new LoggerNameJsonProvider();
		loggerName.setFieldName("logger");
		LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
		thread.setFieldName("thread");
		MdcJsonProvider mdc = new MdcJsonProvider();
		mdc.addMdcKeyFieldName("traceId=trace_id");
		mdc.addMdcKeyFieldName("spanId=span_id");
		LoggingEventPatternJsonProvider pattern = new LoggingEventPatternJsonProvider();
		pattern.setOmitEmptyFields(true);
		pattern.setPattern("{\"service\":\"orders\",\"version\":\"1.4.2\",\"environment\":\"prod\"}");
		StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
		stackTrace.setFieldName("stack_trace");
		ShortenedThrowableConverter converter = new ShortenedThrowableConverter();
		converter.setRootCauseFirst(true);
		converter.setMaxDepthPerThrowable(30);
		converter.setMaxLength(8192);
		converter.setShortenedClassNameLength(40);
		stackTrace.setThrowableConverter(converter);
		var providers = encoder.getProviders();
		providers.addProvider(timestamp);
		providers.addProvider(level);
		providers.addProvider(loggerName);
		providers.addProvider(thread);
		providers.addProvider(new MessageJsonProvider());
		providers.addProvider(mdc);
		providers.addProvider(new KeyValuePairsJsonProvider());
		providers.addProvider(new ArgumentsJsonProvider());
		providers.addProvider(pattern);
		providers.addProvider(stackTrace);
		encoder.start();
		return encoder;
	}

	@TearDown
	public void tearDown() {
		this.encoder.stop();
		this.unmasked.stop();
		this.context.stop();
	}

	/** A new event each time, as logging creates one; the encoder formats the message and writes the JSON. */
	@Benchmark
	public byte[] encodeWithTraceIds() {
		return this.encoder.encode(event());
	}

	/** The same without the masking decorator: the difference is what masking costs. */
	@Benchmark
	public byte[] encodeWithTraceIdsUnmasked() {
		return this.unmasked.encode(event());
	}

	private LoggingEvent event() {
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO,
				"order {} served in {} ms", null, new Object[] { 1042, 7 });
		event.setMDCPropertyMap(MDC);
		return event;
	}

}
