package dev.platform.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Logs an exception that no other resolver handled while the request's trace is still current, so the ERROR line
 * carries its {@code trace_id} and {@code span_id}, then answers 500 through the error page (Boot's, or the
 * starter's problem body), as the container would have. Left to the container, the exception was logged by Tomcat
 * after the request's observation had ended: the one line an operator looks for, without the trace id the client
 * got in its problem body. The observation still records the exception (its {@code exception} tag, the span's
 * error). Runs after every other resolver. A client that went away is logged at DEBUG; a request Tomcat refused
 * while the handler read it (a query string it cannot decode) gets Tomcat's status (400) through the error page,
 * logged at DEBUG, as Tomcat answers it; other exceptions the container raised, and Spring Security's (which its
 * filter answers with 401 or 403), are left to propagate as before.
 */
public class UnhandledExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(UnhandledExceptionResolver.class);

	/** The container's own request failures (Tomcat's connector and HTTP parsing, Jetty's server side). */
	private static final List<String> CONTAINER_PACKAGES = List.of("org.apache.coyote.",
			"org.apache.catalina.connector.", "org.apache.tomcat.util.http.", "org.eclipse.jetty.http.",
			"org.eclipse.jetty.io.", "org.eclipse.jetty.server.", "org.eclipse.jetty.ee");

	/** Exceptions a servlet filter outside Spring MVC turns into a response: Spring Security's 401 and 403. */
	private static final String SPRING_SECURITY = "org.springframework.security.";

	private static final int MAX_CAUSES = 32;

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
			"org.apache.tomcat.util.http.InvalidParameterException", UnhandledExceptionResolver.class.getClassLoader());

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		int refused = refusedRequestStatus(ex);
		if (refused > 0) {
			// A request the container refuses (a query string it cannot decode): the client's error, answered with
			// the container's status and not logged as the service's failure.
			logger.debug("Answering " + describe(request) + " with " + refused, ex);
			return sendError(response, refused);
		}
		if (raisedByTheContainer(ex) || forSpringSecurity(ex)) {
			return null;
		}
		ServerHttpObservationFilter.findObservationContext(request).ifPresent((context) -> context.setError(ex));
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			logger.debug("The client went away while " + describe(request) + " was answered", ex);
			return new ModelAndView();
		}
		logger.error("Unhandled exception answering " + describe(request) + " with 500", ex);
		if (response.isCommitted()) {
			// Part of the response is on its way: nothing else can be said to the client.
			return new ModelAndView();
		}
		return sendError(response, HttpStatus.INTERNAL_SERVER_ERROR.value());
	}

	private static @Nullable ModelAndView sendError(HttpServletResponse response, int status) {
		try {
			response.sendError(status);
			return new ModelAndView();
		}
		catch (IOException | IllegalStateException sendFailed) {
			return null;
		}
	}

	/**
	 * The status Tomcat gives a request it refused while the handler read it (a parameter it cannot decode, a
	 * malformed body), or 0.
	 */
	static int refusedRequestStatus(Throwable ex) {
		if (!TOMCAT_PRESENT) {
			return 0;
		}
		try {
			return TomcatRefusals.status(ex);
		}
		catch (LinkageError ex2) {
			return 0;
		}
	}

	/**
	 * Whether the container raised the exception (or one of its causes): Tomcat and Jetty answer those with their
	 * own status (400 for a parameter they cannot decode, 503 for an unavailable servlet) and log them as such.
	 */
	static boolean raisedByTheContainer(Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			String name = cause.getClass().getName();
			if (cause instanceof UnavailableException || CONTAINER_PACKAGES.stream().anyMatch(name::startsWith)) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	/**
	 * Whether the exception is Spring Security's (an access denied by {@code @PreAuthorize}, an authentication
	 * required): its {@code ExceptionTranslationFilter} answers those with 403 or 401 once they leave the servlet.
	 */
	static boolean forSpringSecurity(Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause.getClass().getName().startsWith(SPRING_SECURITY)) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	private static String describe(HttpServletRequest request) {
		return request.getMethod() + " " + request.getRequestURI();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Tomcat's exceptions for requests it refuses; loaded only when Tomcat is on the class path. */
	private static final class TomcatRefusals {

		static int status(Throwable ex) {
			Throwable cause = ex;
			for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
				if (cause instanceof InvalidParameterException invalid) {
					return invalid.getErrorCode();
				}
				if (cause instanceof BadRequestException) {
					return HttpStatus.BAD_REQUEST.value();
				}
				cause = cause.getCause();
			}
			return 0;
		}

	}

}
