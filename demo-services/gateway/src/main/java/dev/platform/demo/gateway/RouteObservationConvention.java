package dev.platform.demo.gateway;

import io.micrometer.common.KeyValue;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.client.observation.ClientHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Names the downstream of a routed call in the client timer ({@code client.name}) after its route, {@code users}
 * or {@code orders}, as the starter names its own clients, instead of after the host: routes to services that share
 * a host (or one load balancer) would otherwise be one series in the dependencies dashboard. The gateway's route
 * calls go through Boot's {@code RestClient.Builder}, which takes this bean; the starter's clients keep their own
 * convention.
 */
final class RouteObservationConvention extends DefaultClientRequestObservationConvention {

	RouteObservationConvention(String name) {
		super(name);
	}

	@Override
	protected KeyValue clientName(ClientRequestObservationContext context) {
		// The route call runs on the thread serving the routed request, where Spring MVC keeps that request.
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object route = null;
		try {
			route = (request != null) ? request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR,
					RequestAttributes.SCOPE_REQUEST) : null;
		}
		catch (IllegalStateException ex) {
			// The request has ended (a call made after an async handler's first dispatch): no route to name.
		}
		return (route instanceof String id) ? KeyValue.of(LowCardinalityKeyNames.CLIENT_NAME, id)
				: super.clientName(context);
	}

}
