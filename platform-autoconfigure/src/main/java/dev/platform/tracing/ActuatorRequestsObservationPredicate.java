package dev.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Drops server observations of requests under the actuator base path, and every observation made while such a
 * request is handled: no span, no request metric, no root span of a health check's database call. A root base
 * path ({@code /} or empty, usual with a separate management port) has no prefix that tells actuator requests
 * apart, so then nothing is dropped: dropping everything under {@code /} would drop every request. With
 * {@code spring.mvc.servlet.path} set, the actuator lives under the DispatcherServlet's path
 * ({@code /api/actuator/health}), and the path within that servlet is compared as well.
 */
class ActuatorRequestsObservationPredicate implements ObservationPredicate {

	/** The base path with a trailing slash, or null for a root base path. */
	private final @Nullable String basePath;

	/** The base path without the trailing slash, which is an actuator request too. */
	private final @Nullable String basePathItself;

	/** The DispatcherServlet's path without a trailing slash, or null when it is mapped to {@code /}. */
	private final @Nullable String dispatcherServletPath;

	ActuatorRequestsObservationPredicate(String basePath) {
		this(basePath, "/");
	}

	ActuatorRequestsObservationPredicate(String basePath, String dispatcherServletPath) {
		String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
		this.basePath = prefix.equals("/") ? null : prefix;
		this.basePathItself = (this.basePath != null) ? prefix.substring(0, prefix.length() - 1) : null;
		String servletPath = dispatcherServletPath.trim();
		while (servletPath.endsWith("/") || servletPath.endsWith("*")) {
			servletPath = servletPath.substring(0, servletPath.length() - 1);
		}
		this.dispatcherServletPath = servletPath.isEmpty() ? null
				: (servletPath.startsWith("/") ? servletPath : "/" + servletPath);
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (this.basePath == null) {
			return true;
		}
		if (context instanceof ServerRequestObservationContext serverContext) {
			return !isActuatorRequest(serverContext.getCarrier());
		}
		// Anything observed while an actuator request is handled (the health indicator's JDBC connection, say)
		// would otherwise start a trace of its own, its parent having been dropped: one per probe.
		return !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				|| !isActuatorRequest(attributes.getRequest());
	}

	private boolean isActuatorRequest(HttpServletRequest request) {
		String path = request.getRequestURI();
		String contextPath = request.getContextPath();
		int start = (contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath))
				? contextPath.length() : 0;
		if (isUnderBasePath(path, start)) {
			return true;
		}
		// Served by the DispatcherServlet under its own path: the servlet path is that prefix, and the path within
		// the servlet is what the actuator's handler mappings see. (On a separate management port the actuator's
		// own DispatcherServlet is mapped to "/", and the request URI alone decides.)
		String pathInfo = (this.dispatcherServletPath != null) ? request.getPathInfo() : null;
		return pathInfo != null && this.dispatcherServletPath.equals(request.getServletPath())
				&& isUnderBasePath(pathInfo, 0);
	}

	// Runs for every observation: compares in place instead of building the path plus "/".
	private boolean isUnderBasePath(String path, int start) {
		String itself = this.basePathItself;
		return path.startsWith(this.basePath, start)
				|| (path.length() - start == itself.length() && path.startsWith(itself, start));
	}

}
