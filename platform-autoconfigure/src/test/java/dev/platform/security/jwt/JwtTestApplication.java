package dev.platform.security.jwt;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;

import dev.platform.events.EventsAutoConfiguration;
import dev.platform.web.TraceIdSource;

/**
 * A service with protected endpoints, as an application would write them. Spring AMQP and H2 are on the test class
 * path, the events schema is not: it uses no events, so it leaves their auto-configuration out (its startup check
 * would fail on the missing outbox table).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = EventsAutoConfiguration.class)
@Import(JwtTestApplication.ApiController.class)
class JwtTestApplication {

	/** A fixed trace id, so tests can see it reach the problem bodies whatever the tracing setup. */
	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Bean
	TraceIdSource fixedTraceIdSource() {
		return () -> TRACE_ID;
	}

	@RestController
	static class ApiController {

		private final BearerTokenHolder tokens;

		ApiController(BearerTokenHolder tokens) {
			this.tokens = tokens;
		}

		@GetMapping("/api/me")
		Map<String, Object> me(JwtPrincipal principal, HttpServletRequest request) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("subject", principal.subject());
			body.put("userPrincipal", request.getUserPrincipal().getName());
			body.put("mdc", String.valueOf(MDC.get(JwtAuthenticationFilter.SUBJECT_KEY)));
			body.put("subjectId", principal.subjectId());
			body.put("relayed", this.tokens.currentBearerToken().orElse("none"));
			body.put("span", ServerHttpObservationFilter.findObservationContext(request)
				.map((context) -> String.valueOf(context.getHighCardinalityKeyValue(JwtAuthenticationFilter.SUBJECT_KEY)))
				.orElse("no observation"));
			return body;
		}

		@GetMapping("/api/orders")
		@RequireScopes("orders:read")
		String orders() {
			return "orders";
		}

		@GetMapping("/api/orders/delete")
		@RequireScopes({ "orders:read", "orders:write" })
		String deleteOrders() {
			return "deleted";
		}

		/** Unannotated and broad: reachable through any path Spring MVC routes here, public-looking or not. */
		@GetMapping("/files/**")
		String files() {
			return "SECRET-FILES";
		}

		@GetMapping("/{first}/{second}")
		String twoSegments() {
			return "SECRET-TWO-SEGMENTS";
		}

		@GetMapping("/api/admin")
		@RequireRoles({ "admin", "ops" })
		String admin() {
			return "admin";
		}

	}

}
