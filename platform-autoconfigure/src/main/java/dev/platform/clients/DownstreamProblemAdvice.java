package dev.platform.clients;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request that failed because a downstream is unavailable with 503, {@code Retry-After} and an
 * RFC 9457 body. The body names the kind of failure but not the downstream, so callers do not learn the
 * internal topology; the log line carries the name.
 */
@RestControllerAdvice
public class DownstreamProblemAdvice {

	/** Problem type of these bodies. */
	public static final URI TYPE = URI.create("urn:platform:problem:dependency-unavailable");

	private static final Log logger = LogFactory.getLog(DownstreamProblemAdvice.class);

	@ExceptionHandler(DownstreamException.class)
	ResponseEntity<ProblemDetail> downstreamUnavailable(DownstreamException ex) {
		logger.warn("Answering 503: " + ex.getMessage());
		long seconds = Math.max(1, (ex.getRetryAfter().toMillis() + 999) / 1000);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"A service this request depends on is unavailable; retry after " + seconds + " s.");
		problem.setType(TYPE);
		problem.setTitle("Dependency unavailable");
		problem.setProperty("reason", ex.getReason());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(problem);
	}

}
