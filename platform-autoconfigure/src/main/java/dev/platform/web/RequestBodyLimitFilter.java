package dev.platform.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code platform.web.max-request-body-size} with {@code 413} and a problem
 * body: at once when the {@code Content-Length} says so, and, for a body without one, as soon as the reading goes
 * past the limit ({@link BodyLimitedRequest}, answered by {@link RequestBodyTooLargeExceptionResolver}).
 * Multipart requests are left to {@code spring.servlet.multipart.*}, which limits them per file and per request.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = RequestBodyLimitFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	private final DataSize limit;

	private final ProblemResponseWriter problems;

	public RequestBodyLimitFilter(DataSize limit, ProblemResponseWriter problems) {
		this.limit = limit;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isMultipart(request)) {
			chain.doFilter(request, response);
			return;
		}
		long contentLength = request.getContentLengthLong();
		if (contentLength > this.limit.toBytes()) {
			this.problems.write(response, problem(this.limit));
			return;
		}
		// The container ends a body at its announced length, so only a body without one needs counting.
		chain.doFilter((contentLength < 0) ? new BodyLimitedRequest(request, this.limit) : request, response);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	/**
	 * The problem a body over the limit is answered with.
	 * @param limit the limit
	 * @return a 413 problem naming the limit
	 */
	static ProblemDetail problem(DataSize limit) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the " + limit.toBytes() + " bytes this service accepts.");
	}

	/** A constant name: the inherited one is concatenated anew on every request. */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

}
