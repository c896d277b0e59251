package dev.platform.web;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Where the id of the current trace comes from. The default reads Micrometer Tracing's current span;
 * applications without tracing get one that always answers {@code null}.
 */
@FunctionalInterface
public interface TraceIdSource {

	/** Name of the problem-body property that carries the trace id. */
	String PROBLEM_PROPERTY = "traceId";

	/**
	 * Returns the id of the trace the current thread works for.
	 * @return the W3C trace id (32 hex characters), or {@code null} outside a trace
	 */
	@Nullable String currentTraceId();

	/**
	 * Returns the id of the trace an observation belongs to, for work that runs after its scope has closed (Boot's
	 * error page is rendered in a dispatch of its own, after the request's observation ended).
	 * @param context the observation's context
	 * @return the W3C trace id, or {@code null} when the observation has no span or this source cannot tell
	 */
	default @Nullable String traceIdOf(Observation.Context context) {
		return null;
	}

}
