package dev.platform.demo.gateway;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.platform.security.jwt.JwtAuthenticationFilter;
import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per caller on {@code /api/**} and {@code /.well-known/**}. Runs after the JWT filter, so an
 * authenticated caller is limited by the token's subject (many users behind one NAT do not share a bucket) and
 * an anonymous one (login, register) by the client address. Over the limit: 429 with {@code Retry-After} and a
 * problem body.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final RateLimitProperties properties;

	private final ProblemResponseWriter problems;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets;

	RateLimitFilter(RateLimitProperties properties, ProblemResponseWriter problems, LongSupplier nanoClock) {
		this.properties = properties;
		this.problems = problems;
		this.nanoClock = nanoClock;
		this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > properties.getMaxCallers();
			}
		};
	}

	/**
	 * Every request is limited but the gateway's own actuator (probes and scrapes). The path is the one the routes
	 * match, decoded and without {@code ;} parameters: the raw request URI let {@code /%61pi/orders} or
	 * {@code /api;x/orders} past the limit and on to the orders route.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return !this.properties.isEnabled() || path.equals("/actuator") || path.startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long waitNanos = bucket(callerKey(request)).take(this.nanoClock.getAsLong());
		if (waitNanos == 0) {
			chain.doFilter(request, response);
			return;
		}
		long retryAfterSeconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many requests from this caller; retry after " + retryAfterSeconds + "s.");
		problem.setTitle("Rate limit exceeded");
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		this.problems.write(response, problem);
	}

	private static String callerKey(HttpServletRequest request) {
		if (request.getAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE) instanceof JwtPrincipal principal) {
			return "sub:" + principal.subjectId();
		}
		return "addr:" + request.getRemoteAddr();
	}

	private Bucket bucket(String key) {
		synchronized (this.buckets) {
			return this.buckets.computeIfAbsent(key,
					(k) -> new Bucket(this.properties.getBurst(), this.properties.getRequestsPerSecond(),
							this.nanoClock.getAsLong()));
		}
	}

	/** Classic token bucket; {@link #take} returns 0 when a token was taken, else the wait for the next one. */
	static final class Bucket {

		private final double capacity;

		private final double perNano;

		private double tokens;

		private long updatedAt;

		Bucket(int capacity, double perSecond, long now) {
			this.capacity = capacity;
			this.perNano = perSecond / 1_000_000_000d;
			this.tokens = capacity;
			this.updatedAt = now;
		}

		synchronized long take(long now) {
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perNano);
			this.updatedAt = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - this.tokens) / this.perNano));
		}

	}

}
