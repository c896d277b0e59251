package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts outbound calls per downstream for the inbound request the current thread serves. A thread-local
 * rather than a request attribute so the client needs nothing from the web layer; calls made on other threads
 * (async work) are not counted.
 */
final class CallsPerRequest {

	private static final ThreadLocal<Map<String, Integer>> COUNTS = new ThreadLocal<>();

	private CallsPerRequest() {
	}

	static void begin() {
		COUNTS.set(new LinkedHashMap<>());
	}

	static void increment(String client) {
		Map<String, Integer> counts = COUNTS.get();
		if (counts != null) {
			counts.merge(client, 1, Integer::sum);
		}
	}

	static Map<String, Integer> end() {
		Map<String, Integer> counts = COUNTS.get();
		COUNTS.remove();
		return (counts != null) ? counts : Map.of();
	}

}
