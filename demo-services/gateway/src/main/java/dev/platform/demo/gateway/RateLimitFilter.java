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
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per caller on every request but the gateway's own actuator, in two tiers. After the JWT filter, an
 * authenticated caller is limited by the token's subject (many users behind one NAT do not share a bucket) and an
 * anonymous one (login, register) by the client address; before it, a looser limit per address covers the requests
 * the JWT filter refuses. Over a limit: 429 with {@code Retry-After} and a problem body.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final boolean enabled;

	private final int burst;

	private final double requestsPerSecond;

	/** Whether callers are told apart by their address only, even with a token (before authentication). */
	private final boolean byAddress;

	private final ProblemResponseWriter problems;

	private final LongSupplier nanoClock;

	/** Without a trailing slash; empty for a root base path (health then at /health). */
	private final String actuatorBasePath;

	private final Map<String, Bucket> buckets;

	private RateLimitFilter(boolean enabled, int burst, double requestsPerSecond, int maxCallers, boolean byAddress,
			ProblemResponseWriter problems, LongSupplier nanoClock, String actuatorBasePath) {
		this.enabled = enabled;
		this.burst = burst;
		this.requestsPerSecond = requestsPerSecond;
		this.byAddress = byAddress;
		this.actuatorBasePath = actuatorBasePath.endsWith("/")
				? actuatorBasePath.substring(0, actuatorBasePath.length() - 1) : actuatorBasePath;
		this.problems = problems;
		this.nanoClock = nanoClock;
		this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > maxCallers;
			}
		};
	}

	/** After authentication: per token subject, or per address without a token. */
	static RateLimitFilter perCaller(RateLimitProperties properties, ProblemResponseWriter problems,
			LongSupplier nanoClock, String actuatorBasePath) {
		return new RateLimitFilter(properties.isEnabled(), properties.getBurst(), properties.getRequestsPerSecond(),
				properties.getMaxCallers(), false, problems, nanoClock, actuatorBasePath);
	}

	/**
	 * Before authentication: per client address, looser, so that requests the JWT filter refuses (no token, a
	 * forged one, each costing a signature check) are limited too.
	 */
	static RateLimitFilter perAddress(RateLimitProperties properties, ProblemResponseWriter problems,
			LongSupplier nanoClock, String actuatorBasePath) {
		RateLimitProperties.Address address = properties.getAddress();
		return new RateLimitFilter(properties.isEnabled(), address.getBurst(), address.getRequestsPerSecond(),
				properties.getMaxCallers(), true, problems, nanoClock, actuatorBasePath);
	}

	/**
	 * Every request is limited but the gateway's own health checks (probes must not meet a 429). Its other actuator
	 * endpoints are public (Prometheus scrapes them) and limited like the rest: a scrape every few seconds is far
	 * below the limit, a flood of 67 KB answers is not. A request is a health check only when both views of its path
	 * are under the actuator's health endpoint: the container's (decoded, dot segments
	 * resolved, without {@code ;} parameters) and the one the routes match (as sent). The raw URI alone let
	 * {@code /%61pi/orders} or {@code /api;x/orders} past the limit and on to the orders route; the container's
	 * alone let {@code /api/orders/%2e%2e/%2e%2e/actuator/x} pass, which the routes forward as sent.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!this.enabled) {
			return true;
		}
		String container = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		// The routed view is parsed only for what the container takes for a health check, not for every request.
		return isHealth(container) && isHealth(RequestPath.parse(request.getRequestURI(), request.getContextPath())
			.pathWithinApplication()
			.value());
	}

	private boolean isHealth(String path) {
		String health = this.actuatorBasePath + "/health";
		return path.equals(health) || path.startsWith(health + "/");
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

	private String callerKey(HttpServletRequest request) {
		if (!this.byAddress
				&& request.getAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE) instanceof JwtPrincipal principal) {
			return "sub:" + principal.subjectId();
		}
		return "addr:" + ClientAddresses.key(request.getRemoteAddr());
	}

	private Bucket bucket(String key) {
		synchronized (this.buckets) {
			return this.buckets.computeIfAbsent(key,
					(k) -> new Bucket(this.burst, this.requestsPerSecond, this.nanoClock.getAsLong()));
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
