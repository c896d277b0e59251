package dev.platform.clients;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.platform.benchmarks.tools.DownstreamStub;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * What a read timeout costs the calling thread per call over the JDK's HTTP client: Spring's
 * {@code JdkClientHttpRequestFactory} without a read timeout (the baseline), the same with one, and the platform's
 * {@link DeadlineJdkClientHttpRequestFactory} with one. One GET to a loopback stub per call, made from a given stack
 * depth (a servlet request thread is about 120 frames deep where the platform clients are called; the cost of
 * filling in a stack trace grows with it). Variants interleaved per round; CPU time of the calling thread and bytes
 * allocated by the whole process per call; medians over the rounds and ratios against the baseline of the same run.
 * <p>
 * Not a JMH benchmark: JMH reports wall time, and the wall time of a loopback call is mostly waiting for the
 * client's worker threads. In the {@code dev.platform.clients} package because the factory is package-private.
 * <p>
 * {@code java -cp "$JMH_CP" dev.platform.clients.ClientReadTimeoutCost [depth] [rounds] [calls]}
 */
public final class ClientReadTimeoutCost {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private ClientReadTimeoutCost() {
	}

	public static void main(String[] args) throws Exception {
		int depth = (args.length > 0) ? Integer.parseInt(args[0]) : 120;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 9;
		int calls = (args.length > 2) ? Integer.parseInt(args[2]) : 3000;
		HttpServer stub = DownstreamStub.start(0);
		String url = "http://127.0.0.1:" + stub.getAddress().getPort();
		Duration timeout = Duration.ofSeconds(10);
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		JdkClientHttpRequestFactory springTimed = new JdkClientHttpRequestFactory(httpClient);
		springTimed.setReadTimeout(timeout);
		Map<String, RestClient> clients = new LinkedHashMap<>();
		clients.put("spring, no read timeout (baseline)", client(url, new JdkClientHttpRequestFactory(httpClient)));
		clients.put("spring, read timeout 10s", client(url, springTimed));
		clients.put("platform, read timeout 10s", client(url, new DeadlineJdkClientHttpRequestFactory(httpClient, timeout)));
		Map<String, List<double[]>> results = new LinkedHashMap<>();
		clients.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
		for (RestClient client : clients.values()) {
			atDepth(depth, client, calls); // warm-up
		}
		for (int round = 0; round < rounds; round++) {
			for (Map.Entry<String, RestClient> entry : clients.entrySet()) {
				results.get(entry.getKey()).add(atDepth(depth, entry.getValue(), calls));
			}
		}
		stub.stop(0);
		System.out.printf("Per call from a stack %d frames deep, %d rounds x %d calls, median (min-max)%n", depth,
				rounds, calls);
		System.out.printf("%-36s %26s %26s %8s %8s%n", "variant", "caller CPU (us)", "allocated (KiB)", "CPU x",
				"alloc x");
		double[] baseline = null;
		for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
			double[] cpu = entry.getValue().stream().mapToDouble((r) -> r[0]).sorted().toArray();
			double[] alloc = entry.getValue().stream().mapToDouble((r) -> r[1]).sorted().toArray();
			double[] median = { median(cpu), median(alloc) };
			if (baseline == null) {
				baseline = median;
			}
			System.out.printf("%-36s %26s %26s %8.2f %8.2f%n", entry.getKey(), spread(cpu, 1), spread(alloc, 1024),
					median[0] / baseline[0], median[1] / baseline[1]);
		}
	}

	static RestClient client(String url, ClientHttpRequestFactory factory) {
		return RestClient.builder().requestFactory(factory).baseUrl(url).build();
	}

	/** Calls from {@code depth} frames further down the stack; returns CPU µs and bytes per call. */
	private static double[] atDepth(int depth, RestClient client, int calls) {
		if (depth > 0) {
			return atDepth(depth - 1, client, calls);
		}
		long cpu = THREADS.getCurrentThreadCpuTime();
		long allocated = THREADS.getTotalThreadAllocatedBytes();
		for (int i = 0; i < calls; i++) {
			client.get().uri("/item").retrieve().body(String.class);
		}
		return new double[] { (THREADS.getCurrentThreadCpuTime() - cpu) / 1000.0 / calls,
				(double) (THREADS.getTotalThreadAllocatedBytes() - allocated) / calls };
	}

	static double median(double[] sorted) {
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static String spread(double[] sorted, double unit) {
		return String.format("%.1f (%.1f-%.1f)", median(sorted) / unit, sorted[0] / unit,
				sorted[sorted.length - 1] / unit);
	}

}
