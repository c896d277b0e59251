package dev.platform.demo.gateway;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.platform.web.ProblemResponseWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes. Only {@code /api/**} and {@code /.well-known/**} are forwarded, so no service's
 * {@code /actuator} is reachable through the gateway. {@code GET /api/orders/{id}/details} is not forwarded: the
 * gateway answers it itself ({@link OrderDetailsController}). A path with dot segments, which the service behind
 * would resolve to somewhere else (its actuator), is refused before any route ({@link DotSegmentsFilter}). A service
 * that cannot be reached gets the caller a problem body ({@link UnreachableService}), not a bare 500.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	private static final String TRACE_ID_HEADER = "X-Trace-Id";

	private static final String CALL_DEPTH_HEADER = "X-Platform-Call-Depth";

	static final String CLIENT_ADDRESS_HEADER = "X-Platform-Client-Address";

	@Bean
	ClientRequestObservationConvention routeObservationConvention(
			@Value("${management.observations.http.client.requests.name:http.client.requests}") String name) {
		return new RouteObservationConvention(name);
	}

	/** Before everything else that reads the path (the JWT filter is at -101). */
	@Bean
	FilterRegistrationBean<DotSegmentsFilter> dotSegmentsFilter(ProblemResponseWriter problems) {
		FilterRegistrationBean<DotSegmentsFilter> registration = new FilterRegistrationBean<>(
				new DotSegmentsFilter(problems));
		registration.setOrder(-110);
		return registration;
	}

	/**
	 * After the JWT filter (-101) and the rate limits (-105, -100), so that a refused caller's body is never read;
	 * before the routes, so that the proxy streams a body already read ({@link RequestBodyDeadlineFilter}).
	 */
	@Bean
	FilterRegistrationBean<RequestBodyDeadlineFilter> requestBodyDeadlineFilter(ProblemResponseWriter problems,
			@Value("${gateway.request-body.deadline:5s}") Duration deadline,
			@Value("${gateway.request-body.max-in-flight-per-address:8}") int maxInFlightPerAddress,
			@Value("${gateway.request-body.max-in-flight:64}") int maxInFlight) {
		FilterRegistrationBean<RequestBodyDeadlineFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyDeadlineFilter(deadline, maxInFlightPerAddress, maxInFlight, problems));
		registration.setOrder(-90);
		return registration;
	}

	@Bean
	RouterFunction<ServerResponse> serviceRoutes(GatewayRoutesProperties services, ProblemResponseWriter problems) {
		return service("users", path("/api/auth/**").or(path("/api/users/**")).or(path("/.well-known/**")),
				services.getUsers(), problems)
			.and(service("orders", path("/api/orders/**").and(path("/api/orders/*/details").negate()),
					services.getOrders(), problems))
			.and(service("payments", path("/api/payments/**"), services.getPayments(), problems))
			.and(service("shipping", path("/api/shipments/**"), services.getShipping(), problems));
	}

	private static RouterFunction<ServerResponse> service(String name, RequestPredicate paths, String url,
			ProblemResponseWriter problems) {
		return route(name).route(paths, http())
			.before(uri(url))
			// Set by platform clients only: a value from outside would pass for a chain of synchronous calls.
			.before(removeRequestHeader(CALL_DEPTH_HEADER))
			.before(clientAddress())
			.after(ownTraceIdHeader())
			.onError(UnreachableService::matches, (ex, request) -> UnreachableService.response(name, ex, problems))
			.build();
	}

	/**
	 * Tells the service the caller's address, the connection's (the gateway believes no forwarded header), in
	 * {@code X-Platform-Client-Address}, replacing whatever the caller sent under that name: users throttles failed
	 * logins per client address.
	 */
	private static Function<ServerRequest, ServerRequest> clientAddress() {
		return (request) -> ServerRequest.from(request)
			.headers((headers) -> headers.set(CLIENT_ADDRESS_HEADER, request.servletRequest().getRemoteAddr()))
			.build();
	}

	/**
	 * The service's {@code X-Trace-Id} is the same trace as the gateway's (the trace context is propagated), but
	 * two copies of one header confuse clients. The gateway's own is already on the servlet response (the starter's
	 * filter sets it before routing), so the service's copy is dropped, in whatever case it is spelt.
	 */
	private static BiFunction<ServerRequest, ServerResponse, ServerResponse> ownTraceIdHeader() {
		return (request, response) -> {
			// Only a routed response has the service's copy; the gateway's own problem responses are read-only.
			if (response.headers().get(TRACE_ID_HEADER) != null) {
				response.headers().remove(TRACE_ID_HEADER);
			}
			return response;
		};
	}

}
