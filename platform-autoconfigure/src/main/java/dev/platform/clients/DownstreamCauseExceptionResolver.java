package dev.platform.clients;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Resolves an exception that no handler resolved and that has a {@link DownstreamException} among its causes as
 * that {@link DownstreamException}: a body that stalled past the read timeout fails inside a message converter,
 * and Jackson and Spring wrap what the platform client threw ({@code RestClientException} over
 * {@code HttpMessageNotReadableException} over Jackson's exception). Spring MVC's own resolvers, and so
 * {@link DownstreamProblemAdvice} and the application's {@code @ExceptionHandler}s, get the unwrapped failure, as
 * they do when the response did not come at all. Runs after Spring MVC's resolvers, so an application's handler
 * for the wrapper keeps it.
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
