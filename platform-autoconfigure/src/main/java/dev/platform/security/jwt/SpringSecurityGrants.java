package dev.platform.security.jwt;

import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller's grants where Spring Security authenticates: a {@link JwtPrincipal} if the platform filter ran anyway,
 * else the authentication in Spring Security's context, its {@code SCOPE_} authorities as scopes and its
 * {@code ROLE_} authorities as roles (the prefixes Spring Security's resource server and {@code hasRole} use). An
 * anonymous or missing authentication is no caller, so an annotated endpoint answers 401 instead of running
 * unchecked.
 */
final class SpringSecurityGrants implements CallerGrants {

	private static final String SCOPE_PREFIX = "SCOPE_";

	private static final String ROLE_PREFIX = "ROLE_";

	@Override
	public @Nullable Grants of(HttpServletRequest request) {
		Grants platform = PLATFORM.of(request);
		if (platform != null) {
			return platform;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		Set<String> scopes = new HashSet<>();
		Set<String> roles = new HashSet<>();
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			String authority = granted.getAuthority();
			if (authority == null) {
				continue;
			}
			if (authority.startsWith(SCOPE_PREFIX)) {
				scopes.add(authority.substring(SCOPE_PREFIX.length()));
			}
			else if (authority.startsWith(ROLE_PREFIX)) {
				roles.add(authority.substring(ROLE_PREFIX.length()));
			}
		}
		return new Grants(scopes, roles);
	}

}
