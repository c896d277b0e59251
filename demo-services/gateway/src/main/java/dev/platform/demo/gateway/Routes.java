package dev.platform.demo.gateway;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes. Only {@code /api/**} and {@code /.well-known/**} are forwarded, so no service's
 * {@code /actuator} is reachable through the gateway. {@code GET /api/orders/{id}/details} is not forwarded: the
 * gateway answers it itself ({@link OrderDetailsController}).
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	@Bean
	RouterFunction<ServerResponse> serviceRoutes(GatewayRoutesProperties services) {
		return route("users").route(path("/api/auth/**").or(path("/api/users/**")).or(path("/.well-known/**")), http())
			.before(uri(services.getUsers()))
			.build()
			.and(route("orders").route(path("/api/orders/**").and(path("/api/orders/*/details").negate()), http())
				.before(uri(services.getOrders()))
				.build())
			.and(route("payments").route(path("/api/payments/**"), http()).before(uri(services.getPayments())).build())
			.and(route("shipping").route(path("/api/shipments/**"), http())
				.before(uri(services.getShipping()))
				.build());
	}

}
