package dev.platform.security.jwt;

import java.util.List;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.platform.web.ProblemResponseWriter;

/**
 * Adds {@link RequireScopes}/{@link RequireRoles} enforcement and {@link JwtPrincipal} parameters to Spring MVC.
 */
final class JwtWebMvcConfigurer implements WebMvcConfigurer {

	private final ProblemResponseWriter writer;

	private final CallerGrants callerGrants;

	JwtWebMvcConfigurer(ProblemResponseWriter writer) {
		this(writer, CallerGrants.PLATFORM);
	}

	JwtWebMvcConfigurer(ProblemResponseWriter writer, CallerGrants callerGrants) {
		this.writer = writer;
		this.callerGrants = callerGrants;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new JwtAuthorizationInterceptor(new BearerChallenge(this.writer), this.callerGrants));
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new JwtPrincipalArgumentResolver());
	}

}
