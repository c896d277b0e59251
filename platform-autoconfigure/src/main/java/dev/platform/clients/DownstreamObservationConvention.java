package dev.platform.clients;

import java.util.Locale;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Tags the {@code http.client.requests} observations of a client with its configured name in
 * {@code client.name} (instead of the URL's host), so dashboards group by downstream whatever address the
 * environment gives it, and every timer keeps Boot's tag keys. A call that got no response because of the
 * platform's own guards or the downstream's absence has the kind of failure in {@code status}
 * ({@code CIRCUIT_OPEN}, {@code BUSY}, {@code TIMEOUT}, {@code UNAVAILABLE}) instead of Spring's
 * {@code CLIENT_ERROR}, which reads like a 4xx next to {@code outcome}'s values; {@code outcome} stays
 * {@code UNKNOWN} (no response) and {@code exception} names the exception, as Spring has them.
 */
final class DownstreamObservationConvention extends DefaultClientRequestObservationConvention {

	private final KeyValue clientName;

	DownstreamObservationConvention(String observationName, String client) {
		super(observationName);
		this.clientName = KeyValue.of("client.name", client);
	}

	@Override
	protected KeyValue clientName(ClientRequestObservationContext context) {
		return this.clientName;
	}

	@Override
	protected KeyValue status(ClientRequestObservationContext context) {
		if (context.getResponse() == null && context.getError() instanceof DownstreamException downstream) {
			return KeyValue.of(LowCardinalityKeyNames.STATUS, downstream.getReason().toUpperCase(Locale.ROOT));
		}
		return super.status(context);
	}

}
