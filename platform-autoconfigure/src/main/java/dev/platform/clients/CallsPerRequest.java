package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Counts outbound calls per downstream for the inbound request the current thread serves, and keeps that request's
 * call depth (how many synchronous platform-client calls in a row led to it). A thread-local rather than a request
 * attribute so the client needs nothing from the web layer; calls made on other threads (async work) are not
 * counted. The depth goes with a task to the threads of executors that propagate context (Boot's, with the starter's
 * task decorator); a call from any other thread sends a depth of 1.
 */
final class CallsPerRequest {

	/** The call depth a platform client sends: 1 for a call from a service no platform client called. */
	static final String DEPTH_HEADER = "X-Platform-Call-Depth";

	/** Depths above this are taken for nonsense (or a loop) and not recorded. */
	static final int MAX_DEPTH = 64;

	private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

	/**
	 * The inbound request's depth, apart from the counts: it travels with a task to an executor's thread
	 * ({@link CallDepthThreadLocalAccessor}), the counts (not thread-safe) do not.
	 */
	private static final ThreadLocal<Integer> DEPTH = new ThreadLocal<>();

	private CallsPerRequest() {
	}

	/**
	 * Starts counting for an inbound request.
	 * @param depth the request's call depth, 0 if it came from no platform client
	 */
	static void begin(int depth) {
		CURRENT.set(new Request());
		DEPTH.set(depth);
	}

	static void increment(String client) {
		Request request = CURRENT.get();
		if (request != null) {
			request.counts.merge(client, 1, Integer::sum);
		}
	}

	/** The depth to send on a call from this thread: one more than its inbound request's. */
	static int outboundDepth() {
		Integer depth = DEPTH.get();
		return ((depth != null) ? depth : 0) + 1;
	}

	static Map<String, Integer> end() {
		Request request = CURRENT.get();
		CURRENT.remove();
		DEPTH.remove();
		return (request != null) ? request.counts : Map.of();
	}

	/** The depth of the inbound request this thread works for, if any. */
	static @Nullable Integer depth() {
		return DEPTH.get();
	}

	/**
	 * Sets or clears the depth this thread works for (a task run for a request on an executor's thread).
	 * @param depth the depth, or {@code null} to clear it
	 */
	static void depth(@Nullable Integer depth) {
		if (depth != null) {
			DEPTH.set(depth);
		}
		else {
			DEPTH.remove();
		}
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

	}

}
