package dev.platform.clients;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Resolves an exception that no handler resolved as the downstream failure behind it, by handing that failure to
 * Spring MVC's own resolvers, and so to {@link DownstreamProblemAdvice} (503) and the application's
 * {@code @ExceptionHandler}s:
 * <ul>
 * <li>a {@link DownstreamException} among its causes: a body that stalled past the read timeout fails inside a
 * message converter, and Jackson and Spring wrap what the platform client threw ({@code RestClientException} over
 * {@code HttpMessageNotReadableException} over Jackson's exception); the resolvers get the unwrapped failure, as
 * they do when the response did not come at all;</li>
 * <li>Spring's exception for a platform client's call answered 429, 502, 503 or 504 at its last attempt: a
 * {@link DownstreamStatusException} naming the client, with the downstream's {@code Retry-After}, instead of a 500
 * for a failure that says "not now".</li>
 * </ul>
 * Runs after Spring MVC's resolvers, so an application's handler for the wrapper or for Spring's exception keeps
 * it.
 */
public class DownstreamCauseExceptionResolver implements HandlerExceptionResolver, Ordered {

	private final ObjectProvider<HandlerExceptionResolver> mvcResolver;

	/**
	 * @param mvcResolver Spring MVC's composite resolver (the bean named {@code handlerExceptionResolver})
	 */
	public DownstreamCauseExceptionResolver(ObjectProvider<HandlerExceptionResolver> mvcResolver) {
		this.mvcResolver = mvcResolver;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (ex instanceof DownstreamException) {
			return null;
		}
		DownstreamException downstream = DownstreamException.findIn(ex);
		if (downstream == null) {
			downstream = DownstreamStatusRecord.findIn(request.getAttribute(DownstreamStatusRecord.ATTRIBUTE), ex);
		}
		HandlerExceptionResolver mvc = this.mvcResolver.getIfAvailable();
		if (downstream == null || mvc == null) {
			return null;
		}
		return mvc.resolveException(request, response, handler, downstream);
	}

	@Override
	public int getOrder() {
		// After Spring MVC's resolvers (order 0), before the starter's last resort for unhandled exceptions.
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
