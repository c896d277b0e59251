package dev.platform.clients;

import org.springframework.web.client.RestClient;

/**
 * Customizes the builder of one downstream's client before the platform adds its resilience, so interceptors
 * added here run once per call, not once per retry attempt. Applied to the RestClient beans and to HTTP
 * service groups of the same name. The builder already has the client's request factory (with its connect and read
 * timeouts), which a customizer may replace.
 */
@FunctionalInterface
public interface DownstreamClientCustomizer {

	/**
	 * Customizes a client's builder.
	 * @param name the client's name under {@code platform.clients}
	 * @param builder the builder, already carrying Boot's customizations
	 */
	void customize(String name, RestClient.Builder builder);

}
