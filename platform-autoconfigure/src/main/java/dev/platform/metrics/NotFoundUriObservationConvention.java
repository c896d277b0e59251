package dev.platform.metrics;

import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's server request convention, except that a {@code 404} answered by Boot's static resource handler is tagged
 * {@code uri="NOT_FOUND"} instead of that handler's catch-all pattern {@code /**}, which reads like a route that
 * exists. Static resources that are found keep {@code /**}.
 */
public class NotFoundUriObservationConvention extends DefaultServerRequestObservationConvention {

	private static final String CATCH_ALL = "/**";

	private static final KeyValue URI_NOT_FOUND = KeyValue.of(LowCardinalityKeyNames.URI, "NOT_FOUND");

	public NotFoundUriObservationConvention(String name) {
		super(name);
	}

	@Override
	protected KeyValue uri(ServerRequestObservationContext context) {
		HttpServletResponse response = context.getResponse();
		if (response != null && response.getStatus() == HttpServletResponse.SC_NOT_FOUND
				&& CATCH_ALL.equals(context.getPathPattern())) {
			return URI_NOT_FOUND;
		}
		return super.uri(context);
	}

}
