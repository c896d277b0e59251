package dev.platform.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * Refuses request bodies larger than {@code platform.web.max-request-body-size} with {@code 413} and a problem
 * body: at once when the {@code Content-Length} says so, and, for a body without one, as soon as the reading goes
 * past the limit ({@link BodyLimitedRequest}, answered by {@link RequestBodyTooLargeExceptionResolver}, or here when
 * what read it was a filter). A form body ({@code application/x-www-form-urlencoded}) without a length gets
 * {@code 411}: the container reads its fields itself, past the counting. A multipart request gets the multipart
 * limit instead
 * ({@code spring.servlet.multipart.max-request-size}) when multipart parsing is on, and none when that limit is -1.
 * A plain filter, registered for the request dispatch only: what it checks happens once per request anyway, and a
 * request without a body (most {@code GET}s) costs it two header lookups.
 */
public class RequestBodyLimitFilter implements Filter {

	private final DataSize limit;

	private final DataSize multipartLimit;

	private final ProblemResponseWriter problems;

	/**
	 * A filter with the same limit for every body.
	 * @param limit the limit
	 * @param problems writes the 413
	 */
	public RequestBodyLimitFilter(DataSize limit, ProblemResponseWriter problems) {
		this(limit, limit, problems);
	}

	/**
	 * A filter with a limit of its own for multipart requests.
	 * @param limit the limit
	 * @param multipartLimit the limit of multipart requests, negative for none
	 * @param problems writes the 413
	 */
	public RequestBodyLimitFilter(DataSize limit, DataSize multipartLimit, ProblemResponseWriter problems) {
		this.limit = limit;
		this.multipartLimit = multipartLimit;
		this.problems = problems;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (servletRequest instanceof HttpServletRequest request
				&& servletResponse instanceof HttpServletResponse response) {
			doFilter(request, response, chain);
		}
		else {
			chain.doFilter(servletRequest, servletResponse);
		}
	}

	private void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long contentLength = request.getContentLengthLong();
		if (contentLength < 0 && !mayHaveBodyWithoutLength(request)) {
			chain.doFilter(request, response);
			return;
		}
		DataSize limit = isMultipart(request) ? this.multipartLimit : this.limit;
		if (limit.isNegative()) {
			chain.doFilter(request, response);
			return;
		}
		if (contentLength > limit.toBytes()) {
			this.problems.write(response, problem(limit));
			return;
		}
		if (contentLength >= 0) {
			// The container ends a body at its announced length, so only a body without one needs counting.
			chain.doFilter(request, response);
			return;
		}
		if (isUrlEncodedForm(request)) {
			// The container reads a form's fields itself (getParameter, @RequestParam, data binding), past the
			// counting stream, up to its own limit (Tomcat's max-http-form-post-size, 2 MB): without a length, such
			// a body cannot be held to this one.
			this.problems.write(response, lengthRequired(limit));
			return;
		}
		try {
			chain.doFilter(new BodyLimitedRequest(request, limit), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// A filter further on read the body: Spring MVC's resolvers never saw the exception.
			RequestBodyTooLargeException tooLarge = RequestBodyTooLargeExceptionResolver.find(ex);
			if (tooLarge == null || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			this.problems.write(response, problem(tooLarge.getLimit()));
		}
	}

	/** HTTP/1.1 frames a body by its length or by chunks; HTTP/2 may send one with neither. */
	private static boolean mayHaveBodyWithoutLength(HttpServletRequest request) {
		return request.getHeader("Transfer-Encoding") != null || !request.getProtocol().startsWith("HTTP/1");
	}

	private static boolean isUrlEncodedForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10);
	}

	/**
	 * The problem a form body without a length is answered with.
	 * @param limit the limit
	 * @return a 411 problem naming the limit
	 */
	static ProblemDetail lengthRequired(DataSize limit) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LENGTH_REQUIRED,
				"A form body needs a Content-Length here, to be held to the " + limit.toBytes()
						+ " bytes this service accepts.");
		return problem;
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

}
