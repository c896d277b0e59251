package dev.platform.security.jwt;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The bearer token of the inbound request the current thread serves, for relaying it on outbound calls. Only
 * tokens that passed verification are returned, never a forged or expired one.
 */
@FunctionalInterface
public interface BearerTokenHolder {

	/**
	 * Returns the verified bearer token of the current request.
	 * @return the token without the "Bearer " prefix, or empty outside a request or on a public path
	 */
	Optional<String> currentBearerToken();

	/**
	 * Returns a holder that reads Spring's {@link RequestContextHolder}, which is bound to the request thread:
	 * work handed to other threads must capture the token first.
	 * @return the holder
	 */
	static BearerTokenHolder fromRequestContext() {
		return () -> {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				return fromRequest(servlet.getRequest());
			}
			return Optional.empty();
		};
	}

	/**
	 * Returns the verified token stored on {@code request} by the authentication filter.
	 * @param request the request
	 * @return the token, or empty
	 */
	static Optional<String> fromRequest(HttpServletRequest request) {
		Object token = request.getAttribute(JwtAuthenticationFilter.TOKEN_ATTRIBUTE);
		return (token instanceof String value) ? Optional.of(value) : Optional.empty();
	}

}
