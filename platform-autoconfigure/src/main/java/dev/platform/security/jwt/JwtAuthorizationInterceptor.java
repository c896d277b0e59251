package dev.platform.security.jwt;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequireScopes} and {@link RequireRoles} on the handler method, or else its class.
 */
final class JwtAuthorizationInterceptor implements HandlerInterceptor {

	private final BearerChallenge challenge;

	JwtAuthorizationInterceptor(BearerChallenge challenge) {
		this.challenge = challenge;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		RequireScopes scopes = find(method, RequireScopes.class);
		RequireRoles roles = find(method, RequireRoles.class);
		if (scopes == null && roles == null) {
			return true;
		}
		if (!(request.getAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE) instanceof JwtPrincipal principal)) {
			this.challenge.unauthorized(response, JwtOutcome.MISSING);
			return false;
		}
		if (scopes != null && !principal.hasScopes(scopes.value())) {
			this.challenge.insufficientScope(response, "scope", String.join(" ", scopes.value()));
			return false;
		}
		if (roles != null && !principal.hasAnyRole(roles.value())) {
			this.challenge.insufficientScope(response, "role", null);
			return false;
		}
		return true;
	}

	private static <A extends java.lang.annotation.Annotation> A find(HandlerMethod method, Class<A> type) {
		A annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
		return (annotation != null) ? annotation
				: AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
	}

}
