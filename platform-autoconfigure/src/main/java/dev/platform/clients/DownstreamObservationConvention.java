package dev.platform.clients;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Tags the {@code http.client.requests} observations of a client with its configured name in
 * {@code client.name} (instead of the URL's host), so dashboards group by downstream whatever address the
 * environment gives it, and every timer keeps Boot's tag keys.
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

}
