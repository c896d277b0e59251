package dev.platform.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.web.client.RestClient;

/**
 * One GET through three clients on the same in-memory transport: a plain {@code RestClient} (direct), Boot's
 * observed builder (span + http.client.requests, no resilience), and the platform client (observation, bulkhead,
 * circuit breaker, retry policy). Guarded minus observed is what the resilience layers cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientCallBenchmark {

	/** More properties for the starter's context ({@code name=value;...}), to compare a setting in one run. */
	@Param(StarterContext.NONE)
	public String properties;

	private StarterContext.Running running;

	private RestClient direct;

	private RestClient observed;

	private RestClient guarded;

	@Setup
	public void setUp() throws Exception {
		this.running = StarterContext.start(this.properties);
		this.direct = RestClient.builder()
			.requestFactory(new InMemoryRequestFactory())
			.baseUrl("http://127.0.0.1:9")
			.build();
		this.observed = this.running.context()
			.getBean(RestClient.Builder.class)
			.requestFactory(new InMemoryRequestFactory())
			.baseUrl("http://127.0.0.1:9")
			.build();
		this.guarded = this.running.context().getBean("benchRestClient", RestClient.class);
	}

	@TearDown
	public void tearDown() {
		this.running.stop();
	}

	@Benchmark
	public String direct() {
		return this.direct.get().uri("/item").retrieve().body(String.class);
	}

	@Benchmark
	public String observed() {
		return this.observed.get().uri("/item").retrieve().body(String.class);
	}

	@Benchmark
	public String breakerGuarded() {
		return this.guarded.get().uri("/item").retrieve().body(String.class);
	}

}
