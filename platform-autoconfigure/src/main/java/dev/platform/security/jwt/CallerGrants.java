package dev.platform.security.jwt;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link RequireScopes} and {@link RequireRoles} find what the caller of a request was granted: the platform
 * filter's {@link JwtPrincipal}, or, where Spring Security authenticates instead, its authentication
 * ({@link SpringSecurityGrants}).
 */
@FunctionalInterface
interface CallerGrants {

	/** The verified token's scopes and roles, set by {@link JwtAuthenticationFilter}. */
	CallerGrants PLATFORM = (request) -> (request
		.getAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE) instanceof JwtPrincipal principal)
				? new Grants(principal.scopes(), principal.roles()) : null;

	/**
	 * What the request's caller was granted.
	 * @param request the request
	 * @return the grants, or {@code null} when the request is not authenticated
	 */
	@Nullable Grants of(HttpServletRequest request);

	/**
	 * Scopes and roles of one caller.
	 * @param scopes the granted scopes
	 * @param roles the granted roles
	 */
	record Grants(Set<String> scopes, Set<String> roles) {

		boolean hasScopes(String... required) {
			return hasAll(this.scopes, required);
		}

		boolean hasAnyRole(String... anyOf) {
			return hasAny(this.roles, anyOf);
		}

		/** The rule of {@link RequireScopes}, for {@link JwtPrincipal#hasScopes} too. */
		static boolean hasAll(Set<String> granted, String... required) {
			return granted.containsAll(List.of(required));
		}

		/** The rule of {@link RequireRoles}, for {@link JwtPrincipal#hasAnyRole} too. */
		static boolean hasAny(Set<String> granted, String... anyOf) {
			for (String value : anyOf) {
				if (granted.contains(value)) {
					return true;
				}
			}
			return false;
		}

	}

}
