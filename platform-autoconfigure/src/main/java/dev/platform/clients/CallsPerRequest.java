package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Counts outbound calls per downstream for the inbound request the current thread serves, and keeps that request's
 * call depth (how many synchronous platform-client calls in a row led to it). A thread-local rather than a request
 * attribute so the client needs nothing from the web layer; calls made on other threads (async work) are not
 * counted, and send a depth of 1.
 */
final class CallsPerRequest {

	/** The call depth a platform client sends: 1 for a call from a service no platform client called. */
	static final String DEPTH_HEADER = "X-Platform-Call-Depth";

	/** Depths above this are taken for nonsense (or a loop) and not recorded. */
	static final int MAX_DEPTH = 64;

	private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

	private CallsPerRequest() {
	}

	static void begin() {
		begin(0);
	}

	/**
	 * Starts counting for an inbound request.
	 * @param depth the request's call depth, 0 if it came from no platform client
	 */
	static void begin(int depth) {
		CURRENT.set(new Request(depth));
	}

	static void increment(String client) {
		Request request = CURRENT.get();
		if (request != null) {
			request.counts.merge(client, 1, Integer::sum);
		}
	}

	/** The depth to send on a call from this thread: one more than its inbound request's. */
	static int outboundDepth() {
		Request request = CURRENT.get();
		return ((request != null) ? request.depth : 0) + 1;
	}

	static Map<String, Integer> end() {
		Request request = CURRENT.get();
		CURRENT.remove();
		return (request != null) ? request.counts : Map.of();
	}

	/**
	 * Reads a {@value #DEPTH_HEADER} value.
	 * @param header the header's value, if any
	 * @return the depth, or 0 when there is none or it is not a number from 1 to {@value #MAX_DEPTH}
	 */
	static int parseDepth(@Nullable String header) {
		if (header == null || header.isEmpty() || header.length() > 2) {
			return 0;
		}
		int depth = 0;
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (c < '0' || c > '9') {
				return 0;
			}
			depth = depth * 10 + (c - '0');
		}
		return (depth <= MAX_DEPTH) ? depth : 0;
	}

	private static final class Request {

		private final Map<String, Integer> counts = new LinkedHashMap<>();

		private final int depth;

		Request(int depth) {
			this.depth = depth;
		}

	}

}
