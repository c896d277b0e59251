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
import org.jspecify.annotations.Nullable;

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

	/** Null when the inbound depth is not believed: nothing to record then. */
	private final @Nullable DistributionSummary depths;

	/**
	 * @param registry where the summaries go
	 * @param trustCallDepth whether to believe the inbound {@value CallsPerRequest#DEPTH_HEADER} (false at an edge)
	 */
	CallsPerRequestFilter(MeterRegistry registry, boolean trustCallDepth) {
		this.registry = registry;
		this.depths = trustCallDepth ? DistributionSummary.builder(DEPTH_METRIC)
			.description("Synchronous platform-client calls in a row that led to an inbound request")
			.register(registry) : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DistributionSummary depths = this.depths;
		int depth = (depths != null) ? CallsPerRequest.parseDepth(request.getHeader(CallsPerRequest.DEPTH_HEADER)) : 0;
		CallsPerRequest.begin(depth);
		try {
			chain.doFilter(request, response);
		}
		finally {
			CallsPerRequest.end().forEach((client, calls) -> summary(client).record(calls));
			if (depth > 0) {
				depths.record(depth);
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
