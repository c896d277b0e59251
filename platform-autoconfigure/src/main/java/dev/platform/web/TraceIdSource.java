package dev.platform.web;

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

}
