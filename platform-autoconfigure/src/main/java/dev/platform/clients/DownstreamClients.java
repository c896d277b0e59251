package dev.platform.clients;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.web.client.RestClient;

/**
 * Every client configured under {@code platform.clients}, by name. Each is also a bean of its own,
 * injectable as {@code @Qualifier("<name>") RestClient} or {@code @Qualifier("<name>") DownstreamClient}.
 */
public final class DownstreamClients {

	private final Map<String, DownstreamClient> clients;

	DownstreamClients(DownstreamClientConfigurer configurer, Supplier<RestClient.Builder> builders) {
		Map<String, DownstreamClient> clients = new LinkedHashMap<>();
		for (String name : configurer.names()) {
			// A copy per client: an application's singleton builder would otherwise give every client the
			// interceptors of all of them (another client's token relay and breaker among them).
			RestClient restClient = configurer.configure(name, builders.get().clone()).build();
			clients.put(name, new DownstreamClient(name, restClient));
		}
		this.clients = Collections.unmodifiableMap(clients);
	}

	/**
	 * Returns the client for a downstream.
	 * @param name the name under {@code platform.clients}
	 * @return the client
	 * @throws IllegalArgumentException when no enabled client has that name
	 */
	public DownstreamClient get(String name) {
		DownstreamClient client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException("No client '" + name + "' is configured under "
					+ PlatformClientsProperties.PREFIX + "; configured: " + this.clients.keySet());
		}
		return client;
	}

	/**
	 * Returns the names of the enabled clients.
	 * @return the names, in configuration order
	 */
	public Set<String> names() {
		return this.clients.keySet();
	}

}
