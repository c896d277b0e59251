package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The downstream services this application calls, keyed by the name the code and the metrics use
 * ({@code platform.clients.<name>.*}). Bound at the {@code platform} root because the client names are the
 * keys directly under {@code platform.clients}.
 */
@ConfigurationProperties("platform")
public class PlatformClientsProperties {

	/** Property prefix of the clients. */
	public static final String PREFIX = "platform.clients";

	/**
	 * Downstream services by name; each gets a RestClient carrying its own timeouts, breaker, retry and bulkhead.
	 */
	private Map<String, ClientProperties> clients = new LinkedHashMap<>();

	public Map<String, ClientProperties> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, ClientProperties> clients) {
		this.clients = clients;
	}

}
