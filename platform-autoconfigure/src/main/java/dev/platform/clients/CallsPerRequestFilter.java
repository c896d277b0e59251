package dev.platform.clients;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records, when an inbound request ends, how many calls it made to each downstream
 * ({@code platform.client.calls.per.request}, tag {@code client}). A high count is the chatty-services smell:
 * a service boundary drawn where the data should have travelled together. Downstreams the request did not
 * call are not recorded, so the distribution describes requests that use the downstream.
 * <p>
 * Also records the call depth of a request that came from a platform client ({@code platform.request.call.depth},
 * from {@value CallsPerRequest#DEPTH_HEADER}), and hands it on to the calls the request makes: a deep chain of
 * synchronous calls is the distributed monolith's shape, where one slow service slows every caller up the chain.
 */
final class CallsPerRequestFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = CallsPerRequestFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	static final String METRIC = "platform.client.calls.per.request";

	static final String DEPTH_METRIC = "platform.request.call.depth";

	private final MeterRegistry registry;

	/** One per configured client, so a request end costs a map lookup rather than a meter registration. */
	private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

	private final DistributionSummary depths;

	CallsPerRequestFilter(MeterRegistry registry) {
		this.registry = registry;
		this.depths = DistributionSummary.builder(DEPTH_METRIC)
			.description("Synchronous platform-client calls in a row that led to an inbound request")
			.register(registry);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		int depth = CallsPerRequest.parseDepth(request.getHeader(CallsPerRequest.DEPTH_HEADER));
		CallsPerRequest.begin(depth);
		try {
			chain.doFilter(request, response);
		}
		finally {
			CallsPerRequest.end().forEach((client, calls) -> summary(client).record(calls));
			if (depth > 0) {
				this.depths.record(depth);
			}
		}
	}

	private DistributionSummary summary(String client) {
		return this.summaries.computeIfAbsent(client, (name) -> DistributionSummary.builder(METRIC)
			.description("Outbound calls to a downstream per inbound request")
			.tag("client", name)
			.register(this.registry));
	}

	/** A constant name: the inherited one is concatenated anew on every request. */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

}
