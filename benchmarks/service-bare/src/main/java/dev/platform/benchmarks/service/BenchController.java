package dev.platform.benchmarks.service;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Two endpoints, each logging one line per request: {@code /trivial}, and {@code /work} with about 1 ms of
 * CPU and one downstream call.
 */
@RestController
class BenchController {

	private static final Logger log = LoggerFactory.getLogger(BenchController.class);

	private final RestClient downstream;

	private final int workBlocks;

	BenchController(ApplicationContext context, RestClient.Builder builder,
			@Value("${bench.downstream-url}") String downstreamUrl, @Value("${bench.work-blocks}") int workBlocks) {
		// The starter build has the breaker-guarded client from platform.clients.downstream.url; the bare build
		// (and the agent variant) builds the same call from Boot's builder, over the same JDK HTTP client.
		this.downstream = context.containsBean("downstreamRestClient")
				? context.getBean("downstreamRestClient", RestClient.class) : builder.baseUrl(downstreamUrl).build();
		this.workBlocks = workBlocks;
	}

	@GetMapping("/trivial")
	String trivial() {
		log.info("trivial served");
		return "ok";
	}

	@GetMapping("/work")
	String work() {
		long digest = CpuWork.burn(this.workBlocks);
		String item = this.downstream.get().uri("/item").retrieve().body(String.class);
		log.info("work served");
		return (item != null) ? Long.toHexString(digest) + " " + item.length() : "none";
	}

	/** Bytes allocated by every thread since the JVM started, read before and after a load phase. */
	@GetMapping("/bench/allocated")
	long allocated() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
	}

}
