package dev.platform.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An observation with the starter's registry (a timer plus a sampled span, exported over OTLP to a sink in this
 * JVM), a bare span from the tracer, and the same code with the no-op registry as the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationBenchmark {

	/** More properties for the starter's context ({@code name=value;...}), to compare a setting in one run. */
	@Param(StarterContext.NONE)
	public String properties;

	private StarterContext.Running running;

	private ObservationRegistry registry;

	private Tracer tracer;

	@Setup
	public void setUp() throws Exception {
		this.running = StarterContext.start(this.properties);
		this.registry = this.running.context().getBean(ObservationRegistry.class);
		this.tracer = this.running.context().getBean(Tracer.class);
	}

	@TearDown
	public void tearDown() {
		this.running.stop();
	}

	@Benchmark
	public void observationWithSpan(Blackhole blackhole) {
		Observation.createNotStarted("bench.operation", this.registry)
			.lowCardinalityKeyValue("outcome", "success")
			.observe(() -> blackhole.consume(this.tracer.currentSpan()));
	}

	@Benchmark
	public void spanOnly(Blackhole blackhole) {
		Span span = this.tracer.nextSpan().name("bench.operation").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			blackhole.consume(this.tracer.currentSpan());
		}
		finally {
			span.end();
		}
	}

	@Benchmark
	public void noopObservation(Blackhole blackhole) {
		Observation.createNotStarted("bench.operation", ObservationRegistry.NOOP)
			.lowCardinalityKeyValue("outcome", "success")
			.observe(() -> blackhole.consume(this.tracer.currentSpan()));
	}

}
