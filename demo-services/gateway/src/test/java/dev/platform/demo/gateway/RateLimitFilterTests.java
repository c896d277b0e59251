package dev.platform.demo.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.platform.security.jwt.JwtAuthenticationFilter;
import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.web.ProblemResponseWriter;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTests {

	private final RateLimitProperties properties = new RateLimitProperties();

	private final RateLimitFilter filter = RateLimitFilter.perCaller(this.properties,
			new ProblemResponseWriter(() -> null), () -> 0L, "/actuator");

	@Test
	void limitsEveryPathTheRoutesMatchHoweverItIsSpelt() {
		assertThat(this.filter.shouldNotFilter(request("/api/orders", "/api/orders"))).isFalse();
		// Percent-encoded and with a path parameter: the servlet path is decoded and without it, as routes see it.
		assertThat(this.filter.shouldNotFilter(request("/%61pi/orders", "/api/orders"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/api;x/orders", "/api/orders"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/.well-known/jwks.json", "/.well-known/jwks.json"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/anything-else", "/anything-else"))).isFalse();
	}

	@Test
	void limitsAPathThatOnlyTheContainerSeesUnderTheActuator() {
		// Tomcat resolves the dot segments; the routes match and forward the path as sent (to orders' actuator).
		assertThat(this.filter.shouldNotFilter(
				request("/api/orders/%2e%2e/%2e%2e/actuator/health", "/actuator/health"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/api/orders/../../actuator/health", "/actuator/health")))
			.isFalse();
	}

	@Test
	void withTheActuatorAtTheRootOnlyHealthIsExempt() {
		RateLimitFilter root = RateLimitFilter.perCaller(this.properties, new ProblemResponseWriter(() -> null),
				() -> 0L, "/");
		assertThat(root.shouldNotFilter(request("/health", "/health"))).isTrue();
		assertThat(root.shouldNotFilter(request("/healthz", "/healthz"))).isFalse();
		assertThat(root.shouldNotFilter(request("/api/orders", "/api/orders"))).isFalse();
	}

	@Test
	void leavesTheGatewaysHealthChecksAloneAndLimitsItsOtherEndpoints() {
		assertThat(this.filter.shouldNotFilter(request("/actuator/health", "/actuator/health"))).isTrue();
		assertThat(this.filter.shouldNotFilter(request("/actuator/health/liveness", "/actuator/health/liveness")))
			.isTrue();
		assertThat(this.filter.shouldNotFilter(request("/actuator/prometheus", "/actuator/prometheus"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/actuator", "/actuator"))).isFalse();
		assertThat(this.filter.shouldNotFilter(request("/actuator/healthx", "/actuator/healthx"))).isFalse();
	}

	@Test
	void limitsNothingWhenSwitchedOff() {
		this.properties.setEnabled(false);
		RateLimitFilter off = RateLimitFilter.perCaller(this.properties, new ProblemResponseWriter(() -> null),
				() -> 0L, "/actuator");
		assertThat(off.shouldNotFilter(request("/api/orders", "/api/orders"))).isTrue();
	}

	@Test
	void beforeAuthenticationEveryRequestOfAnAddressSharesOneBucketWhateverItsToken() throws Exception {
		this.properties.getAddress().setBurst(3);
		RateLimitFilter perAddress = RateLimitFilter.perAddress(this.properties,
				new ProblemResponseWriter(() -> null), () -> 0L, "/actuator");
		int[] statuses = new int[5];
		for (int i = 0; i < statuses.length; i++) {
			MockHttpServletRequest request = request("/api/orders", "/api/orders");
			request.addHeader("Authorization", "Bearer token-" + i);
			// Even with a principal each (as after the JWT filter): this tier keys on the address alone.
			request.setAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, new JwtPrincipal("user-" + i,
					"platform-demo", List.of("gateway"), Set.of(), Set.of(), Instant.now().plusSeconds(60), null,
					Map.of()));
			MockHttpServletResponse response = new MockHttpServletResponse();
			perAddress.doFilter(request, response, new MockFilterChain());
			statuses[i] = response.getStatus();
		}
		assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
	}

	@Test
	void afterAuthenticationEachCallerHasABucketOfItsOwn() throws Exception {
		this.properties.setBurst(2);
		RateLimitFilter perCaller = RateLimitFilter.perCaller(this.properties, new ProblemResponseWriter(() -> null),
				() -> 0L, "/actuator");
		for (int i = 0; i < 4; i++) {
			MockHttpServletRequest request = request("/api/orders", "/api/orders");
			request.setAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, new JwtPrincipal("user-" + i,
					"platform-demo", List.of("gateway"), Set.of(), Set.of(), Instant.now().plusSeconds(60), null,
					Map.of()));
			MockHttpServletResponse response = new MockHttpServletResponse();
			perCaller.doFilter(request, response, new MockFilterChain());
			assertThat(response.getStatus()).as("user-%d, one address", i).isEqualTo(200);
		}
	}

	private static MockHttpServletRequest request(String uri, String servletPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setServletPath(servletPath);
		return request;
	}

}
