package dev.platform.security.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class SpringSecurityGrantsTests {

	private final SpringSecurityGrants grants = new SpringSecurityGrants();

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void readsScopeAndRoleAuthoritiesAndIgnoresOthers() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ann", null, AuthorityUtils
				.createAuthorityList("SCOPE_orders:read", "SCOPE_orders:write", "ROLE_admin", "FACTOR_PASSWORD")));
		CallerGrants.Grants caller = this.grants.of(this.request);
		assertThat(caller).isNotNull();
		assertThat(caller.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
		assertThat(caller.roles()).containsExactly("admin");
		assertThat(caller.hasScopes("orders:read", "orders:write")).isTrue();
		assertThat(caller.hasScopes("orders:read", "billing")).isFalse();
		assertThat(caller.hasAnyRole("user", "admin")).isTrue();
		assertThat(caller.hasAnyRole("PASSWORD")).isFalse();
	}

	@Test
	void noAnonymousOrUnauthenticatedCaller() {
		assertThat(this.grants.of(this.request)).isNull();
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS", "SCOPE_orders:read")));
		assertThat(this.grants.of(this.request)).isNull();
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("ann", "pw"));
		assertThat(this.grants.of(this.request)).isNull();
	}

	@Test
	void aPlatformPrincipalOnTheRequestComesFirst() {
		this.request.setAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, new JwtPrincipal("user-1", "issuer",
				List.of("api"), Set.of("orders:read"), Set.of("user"), Instant.now(), null, Map.of()));
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ann", null,
					AuthorityUtils.createAuthorityList("SCOPE_billing")));
		CallerGrants.Grants caller = this.grants.of(this.request);
		assertThat(caller.scopes()).containsExactly("orders:read");
		assertThat(caller.roles()).containsExactly("user");
	}

}
