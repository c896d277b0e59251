package dev.platform.clients;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * internal topology; the log line carries the name. While a downstream stays unavailable (an open breaker answers
 * every request), one warning per client and reason every 10 seconds says so, with the number of 503s since.
 */
@RestControllerAdvice
public class DownstreamProblemAdvice {

	/** Problem type of these bodies. */
	public static final URI TYPE = URI.create("urn:platform:problem:dependency-unavailable");

	private static final Log logger = LogFactory.getLog(DownstreamProblemAdvice.class);

	private static final long WARN_EVERY_NANOS = 10_000_000_000L;

	/** Per client and reason: when the last warning was logged, and how many 503s it has not mentioned. */
	private final ConcurrentHashMap<String, Throttle> throttles = new ConcurrentHashMap<>();

	@ExceptionHandler(DownstreamException.class)
	ResponseEntity<ProblemDetail> downstreamUnavailable(DownstreamException ex) {
		long unmentioned = this.throttles.computeIfAbsent(ex.getClient() + " " + ex.getReason(), (key) -> new Throttle())
			.tryWarn(System.nanoTime());
		if (unmentioned >= 0) {
			logger.warn("Answering 503: " + ex.getMessage()
					+ ((unmentioned > 0) ? " (and " + unmentioned + " more 503s for the same reason before)" : ""));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Answering 503: " + ex.getMessage());
		}
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

	/** At most one warning per interval; the 503s in between are counted, not logged. */
	static final class Throttle {

		private final AtomicLong lastWarned = new AtomicLong(Long.MIN_VALUE);

		private final AtomicLong suppressed = new AtomicLong();

		/** Returns the number of 503s not mentioned since the last warning if this one should warn, else -1. */
		long tryWarn(long now) {
			long last = this.lastWarned.get();
			if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && this.lastWarned.compareAndSet(last, now)) {
				return this.suppressed.getAndSet(0);
			}
			this.suppressed.incrementAndGet();
			return -1;
		}

	}

}
