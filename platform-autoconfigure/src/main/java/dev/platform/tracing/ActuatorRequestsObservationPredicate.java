package dev.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Drops server observations of requests under the actuator base path: no span, no request metric.
 */
class ActuatorRequestsObservationPredicate implements ObservationPredicate {

	private final String basePath;

	ActuatorRequestsObservationPredicate(String basePath) {
		this.basePath = basePath.endsWith("/") ? basePath : basePath + "/";
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext serverContext) {
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
