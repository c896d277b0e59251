package dev.platform.benchmarks.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.platform.logging.JsonLogEncoders;
import dev.platform.logging.LogMasking;
import dev.platform.logging.ServiceFieldsJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One log event with a trace id and span id in the MDC, encoded by the starter's JSON encoder
 * ({@link JsonLogEncoders}, the one its logging system puts on the console).
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
		return JsonLogEncoders.create(this.context, new ServiceFieldsJsonProvider("orders", "1.4.2", "prod"),
				masked ? JsonLogEncoders.masking(LogMasking.DEFAULT_KEYS, true) : null);
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
