package dev.platform.security.jwt;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

import dev.platform.web.ProblemResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JwtAuthorizationInterceptor} looks its annotations up once per handler, and per controller: a handler
 * method inherited by two controllers answers by each controller's own class-level annotation.
 */
class JwtAuthorizationInterceptorTests {

	private final JwtAuthorizationInterceptor interceptor = new JwtAuthorizationInterceptor(
			new BearerChallenge(new ProblemResponseWriter(() -> null)), CallerGrants.PLATFORM);

	@Test
	void enforcesMethodAnnotationOnEveryRequest() throws Exception {
		HandlerMethod handler = handler(new ScopedController(), "orders");
		for (int i = 0; i < 3; i++) {
			assertThat(status(handler, null)).isEqualTo(401);
			assertThat(status(handler, principal(Set.of("orders:read"), Set.of()))).isEqualTo(200);
			assertThat(status(handler, principal(Set.of("other"), Set.of()))).isEqualTo(403);
		}
	}

	@Test
	void unannotatedHandlerNeedsNoPrincipal() throws Exception {
		assertThat(status(handler(new ScopedController(), "open"), null)).isEqualTo(200);
		assertThat(status(handler(new ScopedController(), "open"), null)).isEqualTo(200);
	}

	@Test
	void inheritedHandlerMethodFollowsEachControllersClassAnnotation() throws Exception {
		HandlerMethod admin = handler(new AdminController(), "list");
		HandlerMethod open = handler(new OpenController(), "list");
		assertThat(admin.getMethod()).isEqualTo(open.getMethod());
		// Both orders, so a result cached for one controller never answers for the other.
		assertThat(status(open, null)).isEqualTo(200);
		assertThat(status(admin, null)).isEqualTo(401);
		assertThat(status(admin, principal(Set.of(), Set.of("user")))).isEqualTo(403);
		assertThat(status(admin, principal(Set.of(), Set.of("admin")))).isEqualTo(200);
		assertThat(status(open, null)).isEqualTo(200);
	}

	@Test
	void methodAnnotationWinsOverClassAnnotation() throws Exception {
		HandlerMethod handler = handler(new AdminController(), "audit");
		assertThat(status(handler, principal(Set.of(), Set.of("admin")))).isEqualTo(403);
		assertThat(status(handler, principal(Set.of(), Set.of("auditor")))).isEqualTo(200);
	}

	@Test
	void leavesNonMethodHandlersAlone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.interceptor.preHandle(new MockHttpServletRequest(), response, new Object())).isTrue();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private int status(HandlerMethod handler, JwtPrincipal principal) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		if (principal != null) {
			request.setAttribute(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, principal);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		boolean proceed = this.interceptor.preHandle(request, response, handler);
		assertThat(proceed).isEqualTo(response.getStatus() == 200);
		return response.getStatus();
	}

	private static HandlerMethod handler(Object bean, String name) throws NoSuchMethodException {
		Method method = bean.getClass().getMethod(name);
		return new HandlerMethod(bean, method);
	}

	private static JwtPrincipal principal(Set<String> scopes, Set<String> roles) {
		return new JwtPrincipal("user-1", "issuer", List.of("aud"), scopes, roles, Instant.now().plusSeconds(60), null,
				Map.of());
	}

	public static class ScopedController {

		@RequireScopes("orders:read")
		public String orders() {
			return "orders";
		}

		public String open() {
			return "open";
		}

	}

	public static class BaseController {

		public String list() {
			return "list";
		}

	}

	@RequireRoles("admin")
	public static class AdminController extends BaseController {

		@RequireRoles("auditor")
		public String audit() {
			return "audit";
		}

	}

	public static class OpenController extends BaseController {

	}

}
