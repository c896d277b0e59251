package dev.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Drops server observations of requests under the actuator base path: no span, no request metric. A root base
 * path ({@code /} or empty, usual with a separate management port) has no prefix that tells actuator requests
 * apart, so then nothing is dropped: dropping everything under {@code /} would drop every request.
 */
class ActuatorRequestsObservationPredicate implements ObservationPredicate {

	/** The base path with a trailing slash, or null for a root base path. */
	private final @Nullable String basePath;

	/** The base path without the trailing slash, which is an actuator request too. */
	private final @Nullable String basePathItself;

	ActuatorRequestsObservationPredicate(String basePath) {
		String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
		this.basePath = prefix.equals("/") ? null : prefix;
		this.basePathItself = (this.basePath != null) ? prefix.substring(0, prefix.length() - 1) : null;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (this.basePath != null && context instanceof ServerRequestObservationContext serverContext) {
			String path = serverContext.getCarrier().getRequestURI();
			String contextPath = serverContext.getCarrier().getContextPath();
			int start = (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath))
					? contextPath.length() : 0;
			return !isUnderBasePath(path, start);
		}
		return true;
	}

	// Runs for every observation: compares in place instead of building the path plus "/".
	private boolean isUnderBasePath(String path, int start) {
		String itself = this.basePathItself;
		return path.startsWith(this.basePath, start)
				|| (path.length() - start == itself.length() && path.startsWith(itself, start));
	}

}
