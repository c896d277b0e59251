package dev.platform.security.jwt;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequireScopes} and {@link RequireRoles} on the handler method, or else its class, against what
 * {@link CallerGrants} finds: 401 without an authenticated caller, 403 without the scopes or roles.
 * The annotations are looked up once per handler: a merged-annotation search costs about 2 µs, on every request.
 */
final class JwtAuthorizationInterceptor implements HandlerInterceptor {

	private final BearerChallenge challenge;

	private final CallerGrants callerGrants;

	// Keyed by bean type and method: a method declared in a base class serves several controllers, each of which
	// may carry its own class-level annotation. Bounded by the number of handler methods.
	private final Map<Handler, Requirements> requirements = new ConcurrentHashMap<>();

	JwtAuthorizationInterceptor(BearerChallenge challenge, CallerGrants callerGrants) {
		this.challenge = challenge;
		this.callerGrants = callerGrants;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Requirements required = this.requirements.computeIfAbsent(new Handler(method.getBeanType(), method.getMethod()),
				Requirements::of);
		if (required == Requirements.NONE) {
			return true;
		}
		RequireScopes scopes = required.scopes();
		RequireRoles roles = required.roles();
		CallerGrants.Grants grants = this.callerGrants.of(request);
		if (grants == null) {
			this.challenge.unauthorized(response, JwtOutcome.MISSING);
			return false;
		}
		if (scopes != null && !grants.hasScopes(scopes.value())) {
			this.challenge.insufficientScope(response, "scope", String.join(" ", scopes.value()));
			return false;
		}
		if (roles != null && !grants.hasAnyRole(roles.value())) {
			this.challenge.insufficientScope(response, "role", null);
			return false;
		}
		return true;
	}

	private record Handler(Class<?> beanType, Method method) {
	}

	private record Requirements(@Nullable RequireScopes scopes, @Nullable RequireRoles roles) {

		static final Requirements NONE = new Requirements(null, null);

		static Requirements of(Handler handler) {
			RequireScopes scopes = find(handler, RequireScopes.class);
			RequireRoles roles = find(handler, RequireRoles.class);
			return (scopes == null && roles == null) ? NONE : new Requirements(scopes, roles);
		}

		private static <A extends Annotation> @Nullable A find(Handler handler, Class<A> type) {
			A annotation = AnnotatedElementUtils.findMergedAnnotation(handler.method(), type);
			return (annotation != null) ? annotation
					: AnnotatedElementUtils.findMergedAnnotation(handler.beanType(), type);
		}

	}

}
