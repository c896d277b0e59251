package dev.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers {@code 413} with a problem body when a {@link RequestBodyTooLargeException} is among the causes of what a
 * handler raised. Whatever read the body (a message converter, which wraps it as an unreadable message, a gateway
 * route, the handler itself), the client learns that the body was too large, not that it was malformed. Runs before
 * Spring MVC's {@code @ExceptionHandler}s, so an application's own handler for unreadable bodies does not see it.
 */
public class RequestBodyTooLargeExceptionResolver implements HandlerExceptionResolver, Ordered {

	/** After Boot's {@code DefaultErrorAttributes}, which only records the exception. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	private static final int MAX_CAUSES = 32;

	private final ProblemResponseWriter problems;

	public RequestBodyTooLargeExceptionResolver(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		RequestBodyTooLargeException tooLarge = find(ex);
		if (tooLarge == null || response.isCommitted()) {
			return null;
		}
		try {
			// Not reset(): the headers already set (the trace id) stay.
			response.resetBuffer();
			this.problems.write(response, RequestBodyLimitFilter.problem(tooLarge.getLimit()));
			return new ModelAndView();
		}
		catch (IOException | IllegalStateException writeFailed) {
			return null;
		}
	}

	static @Nullable RequestBodyTooLargeException find(Throwable ex) {
		Throwable cause = ex;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
			cause = cause.getCause();
		}
		return null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
