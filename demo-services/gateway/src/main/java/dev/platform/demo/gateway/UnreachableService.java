package dev.platform.demo.gateway;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.function.Predicate;

import dev.platform.web.ProblemResponseWriter;
import dev.platform.web.RequestBodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What a route answers when its service cannot be reached: 503 when the connection fails (the service is down or
 * not yet up), 504 when the service does not answer in time. Both are RFC 9457 problem bodies with the trace id and
 * the service's name, so a caller can tell "orders is down" from "the gateway broke".
 */
final class UnreachableService {

	private static final Logger log = LoggerFactory.getLogger(UnreachableService.class);

	private static final int MAX_CAUSES = 32;

	private UnreachableService() {
	}

	/**
	 * An I/O failure towards the service: what the proxy's {@code RestClient} throws, or a refused connection or a
	 * timeout however wrapped. Other I/O errors are not the service's: a caller that hung up, or a caller's body
	 * that grew past the gateway's limit while it was streamed (the starter answers that one with 413).
	 */
	static boolean matches(Throwable ex) {
		return !anyCause(ex, RequestBodyTooLargeException.class::isInstance)
				&& anyCause(ex, (cause) -> cause instanceof ResourceAccessException || cause instanceof ConnectException
						|| cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException);
	}

	static boolean timedOut(Throwable ex) {
		return anyCause(ex, (cause) -> cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException);
	}

	/** Walks at most {@value #MAX_CAUSES} causes, so a chain that loops back on itself ends. */
	private static boolean anyCause(Throwable ex, Predicate<Throwable> test) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (test.test(cause)) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	static ProblemDetail problem(String service, Throwable ex) {
		boolean timedOut = timedOut(ex);
		HttpStatus status = timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				timedOut ? service + " did not answer in time" : service + " cannot be reached");
		problem.setTitle(status.getReasonPhrase());
		problem.setProperty("service", service);
		return problem;
	}

	static ServerResponse response(String service, Throwable ex, ProblemResponseWriter problems) {
		ProblemDetail problem = problem(service, ex);
		log.warn("Route {} answered {}: {}", service, problem.getStatus(), ex.toString());
		return ServerResponse.status(problem.getStatus()).build((request, response) -> {
			problems.write(response, problem);
			return null;
		});
	}

}
