package dev.platform.security.jwt;

import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.List;

import io.micrometer.common.KeyValue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.ServletRequestPathUtils;

import dev.platform.web.ProblemResponseWriter;

/**
 * Requires a verified bearer token on every request outside the public paths. The caller becomes the request's
 * user principal and a {@link JwtPrincipal} request attribute; its pseudonymous {@link JwtPrincipal#subjectId()}
 * goes into the log MDC and the server span as {@value #SUBJECT_KEY}.
 */
public class JwtAuthenticationFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = JwtAuthenticationFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	/** Request attribute holding the {@link JwtPrincipal}. */
	public static final String PRINCIPAL_ATTRIBUTE = JwtPrincipal.class.getName();

	/** Request attribute holding the verified token, read by {@link BearerTokenHolder}. */
	public static final String TOKEN_ATTRIBUTE = BearerTokenHolder.class.getName() + ".token";

	/** MDC key and span attribute of the subject id. */
	public static final String SUBJECT_KEY = "enduser.id";

	/** Always public: the JWKS of this service, if it issues tokens, is meant to be fetched without one. */
	static final String JWKS_PATH = "/.well-known/jwks.json";

	private static final String BEARER = "Bearer";

	private final JwtTokenVerifier verifier;

	private final BearerChallenge challenge;

	private final JwtMetrics metrics;

	private final PublicPaths publicPaths;

	public JwtAuthenticationFilter(JwtTokenVerifier verifier, ProblemResponseWriter writer,
			JwtMetrics metrics, List<String> publicPaths) {
		this.verifier = verifier;
		this.challenge = new BearerChallenge(writer);
		this.metrics = metrics;
		this.publicPaths = new PublicPaths(publicPaths);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (CorsUtils.isPreFlightRequest(request)) {
			return true;
		}
		// Public only if both views of the path say so: the container's, decoded with dot segments resolved, and
		// the one Spring MVC routes on, the request URI as sent. Either alone can be fooled: "/files/../actuator/health"
		// is "/actuator/health" to the container but reaches a "/files/**" handler, and "/actuator/health/../orders"
		// is the other way round.
		// The container's view first: it is at hand, and for most requests it alone says "not public", so the
		// request URI is parsed only for the few that may be.
		String path = pathWithinApplication(request);
		if (!path.equals(JWKS_PATH) && !this.publicPaths.matches(path)) {
			return false;
		}
		PathContainer routed = routedPath(request);
		if (path.equals(JWKS_PATH) && routed.value().equals(JWKS_PATH)) {
			return true;
		}
		return this.publicPaths.matches(path) && this.publicPaths.matches(routed);
	}

	/** The path within the application as Spring MVC matches handlers against it: undecoded, dot segments kept. */
	private static PathContainer routedPath(HttpServletRequest request) {
		RequestPath requestPath = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: RequestPath.parse(request.getRequestURI(), request.getContextPath());
		return requestPath.pathWithinApplication();
	}

	/** The container's decoded and normalized path, so "/actuator/health/../orders" is not public. */
	private static String pathWithinApplication(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = (servletPath != null) ? servletPath : "";
		if (pathInfo != null) {
			path = path + pathInfo;
		}
		if (path.isEmpty()) {
			path = request.getRequestURI().substring(request.getContextPath().length());
		}
		return path.isEmpty() ? "/" : path;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		JwtPrincipal principal;
		try {
			String token = bearerToken(request);
			principal = this.verifier.verify(token);
			request.setAttribute(TOKEN_ATTRIBUTE, token);
		}
		catch (JwtRejectedException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Rejected bearer token on " + request.getMethod() + ": " + ex.getOutcome().tagValue());
			}
			this.challenge.unauthorized(response, ex.getOutcome());
			return;
		}
		request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
		String subjectId = principal.subjectId();
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.addHighCardinalityKeyValue(KeyValue.of(SUBJECT_KEY, subjectId)));
		String previous = MDC.get(SUBJECT_KEY);
		MDC.put(SUBJECT_KEY, subjectId);
		try {
			chain.doFilter(new AuthenticatedRequest(request, principal), response);
		}
		finally {
			if (previous != null) {
				MDC.put(SUBJECT_KEY, previous);
			}
			else {
				MDC.remove(SUBJECT_KEY);
			}
		}
	}

	private String bearerToken(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
		if (values == null || !values.hasMoreElements()) {
			this.metrics.verification(JwtOutcome.MISSING);
			throw new JwtRejectedException(JwtOutcome.MISSING);
		}
		String value = values.nextElement();
		// One credential only: several headers, or a comma-joined list, make it ambiguous which one counts.
		boolean schemeMatches = value.length() > BEARER.length() && value.regionMatches(true, 0, BEARER, 0, 6)
				&& value.charAt(BEARER.length()) == ' ';
		if (values.hasMoreElements() || !schemeMatches) {
			this.metrics.verification(JwtOutcome.MALFORMED);
			throw new JwtRejectedException(JwtOutcome.MALFORMED);
		}
		// The credential without surrounding whitespace, copied once (a 1 KiB token on every request).
		int start = BEARER.length() + 1;
		int end = value.length();
		while (start < end && Character.isWhitespace(value.charAt(start))) {
			start++;
		}
		while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(start, end);
	}

	/** Exposes the caller through the Servlet API as well. */
	private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

		private final JwtPrincipal principal;

		AuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal) {
			super(request);
			this.principal = principal;
		}

		@Override
		public @Nullable Principal getUserPrincipal() {
			return this.principal;
		}

		@Override
		public String getAuthType() {
			return BEARER;
		}

	}

	/** A constant name: the inherited one is concatenated anew on every request. */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

}
