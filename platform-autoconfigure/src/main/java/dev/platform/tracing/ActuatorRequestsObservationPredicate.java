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

	private final @Nullable String basePath;

	ActuatorRequestsObservationPredicate(String basePath) {
		String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
		this.basePath = prefix.equals("/") ? null : prefix;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (this.basePath != null && context instanceof ServerRequestObservationContext serverContext) {
			String path = serverContext.getCarrier().getRequestURI();
			String contextPath = serverContext.getCarrier().getContextPath();
			if (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
				path = path.substring(contextPath.length());
			}
			return !(path + "/").startsWith(this.basePath);
		}
		return true;
	}

}
