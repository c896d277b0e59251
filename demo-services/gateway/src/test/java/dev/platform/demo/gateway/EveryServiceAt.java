package dev.platform.demo.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points every route, every platform client and the JWKS lookup of the gateway under test at one address: a stub
 * that stands in for all four services, or a port nothing listens on.
 */
final class EveryServiceAt {

	private EveryServiceAt() {
	}

	static void register(DynamicPropertyRegistry registry, String url) {
		for (String service : new String[] { "users", "orders", "payments", "shipping" }) {
			registry.add("gateway.routes." + service, () -> url);
			registry.add("platform.clients." + service + ".url", () -> url);
		}
		registry.add("platform.security.jwt.jwks-uri", () -> url + "/.well-known/jwks.json");
	}

}
