package dev.platform.demo.gateway;

import java.io.IOException;

import dev.platform.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path has a dot segment ({@code .} or {@code ..}, percent-encoded or not, with or without
 * {@code ;} parameters) with 400. The routes forward the path as sent, and the service behind resolves the dots:
 * {@code /api/auth/%2e%2e/%2e%2e/actuator/prometheus} matches the public users route here and is the users
 * service's own actuator there. No client of the API needs such a path.
 */
class DotSegmentsFilter extends OncePerRequestFilter {

	private final ProblemResponseWriter problems;

	DotSegmentsFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!hasDotSegment(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The path has a '.' or '..' segment.");
		problem.setTitle("Bad path");
		this.problems.write(response, problem);
	}

	/** Whether a path as sent (percent-encoded) has a segment that is {@code .} or {@code ..} once decoded. */
	static boolean hasDotSegment(String rawPath) {
		// Most paths have neither a dot nor a percent sign: no split for them.
		if (rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
			return false;
		}
		for (String segment : rawPath.split("/", -1)) {
			// Parameters start at ';', sent as is or encoded (a service that decodes before it splits them off).
			int parameters = parametersStart(segment);
			String name = ((parameters >= 0) ? segment.substring(0, parameters) : segment).replace("%2e", ".")
				.replace("%2E", ".");
			if (name.equals(".") || name.equals("..")) {
				return true;
			}
		}
		return false;
	}

	private static int parametersStart(String segment) {
		int plain = segment.indexOf(';');
		int encoded = segment.toLowerCase(java.util.Locale.ROOT).indexOf("%3b");
		if (plain < 0) {
			return encoded;
		}
		return (encoded < 0) ? plain : Math.min(plain, encoded);
	}

}
