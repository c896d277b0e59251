package dev.platform.clients;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.sun.net.httpserver.HttpServer;
import dev.platform.benchmarks.tools.DownstreamStub;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static dev.platform.clients.ClientReadTimeoutCost.client;
import static dev.platform.clients.ClientReadTimeoutCost.median;

/**
 * The CPU a GET over the JDK's HTTP client costs in all the threads it involves, with concurrent callers as on a
 * servlet container: the callers, the client's own threads (its selector and workers) and the rest of the process
 * (the common pool, the stub in this JVM). Spring's {@code JdkClientHttpRequestFactory} without a read timeout (what
 * a bare Boot application gets; the baseline), the same with one, and the platform's
 * {@link DeadlineJdkClientHttpRequestFactory} with one. Variants interleaved per round, medians over the rounds.
 * <p>
 * {@code ClientReadTimeoutCost} measures the calling thread alone; this measures what Spring's use of
 * {@code HttpClient.sendAsync} costs the other threads.
 * <p>
 * {@code java -cp "$JMH_CP" dev.platform.clients.ClientThreadsCost [rounds] [calls per round] [callers]}
 */
public final class ClientThreadsCost {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final String CALLER = "caller";

	private ClientThreadsCost() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 16000;
		int callers = (args.length > 2) ? Integer.parseInt(args[2]) : 16;
		HttpServer stub = DownstreamStub.start(0);
		String url = "http://127.0.0.1:" + stub.getAddress().getPort();
		Duration timeout = Duration.ofSeconds(10);
		JdkClientHttpRequestFactory springTimed = new JdkClientHttpRequestFactory(httpClient());
		springTimed.setReadTimeout(timeout);
		Map<String, RestClient> clients = new LinkedHashMap<>();
		clients.put("spring, no read timeout (baseline)", client(url, new JdkClientHttpRequestFactory(httpClient())));
		clients.put("spring, read timeout 10s", client(url, springTimed));
		clients.put("platform, read timeout 10s",
				client(url, new DeadlineJdkClientHttpRequestFactory(httpClient(), timeout)));
		ExecutorService pool = Executors.newFixedThreadPool(callers, (task) -> new Thread(task, CALLER));
		Map<String, List<double[]>> results = new LinkedHashMap<>();
		for (Map.Entry<String, RestClient> entry : clients.entrySet()) {
			run(pool, entry.getValue(), calls, callers); // warm-up
			results.put(entry.getKey(), new ArrayList<>());
		}
		for (int round = 0; round < rounds; round++) {
			for (Map.Entry<String, RestClient> entry : clients.entrySet()) {
				results.get(entry.getKey()).add(run(pool, entry.getValue(), calls, callers));
			}
		}
		pool.shutdown();
		stub.stop(0);
		System.out.printf("CPU per call (µs) with %d concurrent callers, %d rounds x %d calls, medians%n", callers,
				rounds, calls);
		System.out.printf("%-36s %9s %9s %9s %9s %9s %9s%n", "variant", "callers", "client", "other", "total",
				"total x", "wall");
		double baseline = 0;
		for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
			double[] median = new double[5];
			for (int i = 0; i < median.length; i++) {
				int column = i;
				median[i] = median(entry.getValue().stream().mapToDouble((r) -> r[column]).sorted().toArray());
			}
			if (baseline == 0) {
				baseline = median[3];
			}
			System.out.printf("%-36s %9.1f %9.1f %9.1f %9.1f %9.2f %9.1f%n", entry.getKey(), median[0], median[1],
					median[2], median[3], median[3] / baseline, median[4]);
		}
	}

	private static HttpClient httpClient() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	/** Per call: CPU µs of the callers, the HTTP clients' threads, the rest, their total, and wall µs. */
	private static double[] run(ExecutorService pool, RestClient client, int calls, int callers) throws Exception {
		Map<String, Long> before = cpuByGroup();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			running.add(pool.submit(() -> {
				for (int call = 0; call < calls / callers; call++) {
					client.get().uri("/item").retrieve().body(String.class);
				}
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		long wall = System.nanoTime() - start;
		Map<String, Long> after = cpuByGroup();
		double[] perCall = new double[5];
		String[] groups = { CALLER, "client", "other" };
		for (int i = 0; i < groups.length; i++) {
			perCall[i] = (after.getOrDefault(groups[i], 0L) - before.getOrDefault(groups[i], 0L)) / 1000.0 / calls;
			perCall[3] += perCall[i];
		}
		perCall[4] = wall / 1000.0 / calls;
		return perCall;
	}

	/**
	 * CPU time of the live threads by group. A thread that ends inside a round drops out of the sum (the JDK
	 * client's idle workers end after a minute), so a round is kept well under that.
	 */
	private static Map<String, Long> cpuByGroup() {
		Map<String, Long> cpu = new HashMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			long nanos = THREADS.getThreadCpuTime(thread.getId());
			if (nanos < 0) {
				continue;
			}
			String name = thread.getName();
			String group = name.equals(CALLER) ? CALLER : name.startsWith("HttpClient-") ? "client" : "other";
			cpu.merge(group, nanos, Long::sum);
		}
		return cpu;
	}

}
