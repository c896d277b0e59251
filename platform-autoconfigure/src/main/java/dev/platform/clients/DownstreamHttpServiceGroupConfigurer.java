package dev.platform.clients;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Gives an HTTP service group ({@code @ImportHttpServices(group = "users", ...)}) the profile of the client
 * with the same name. Runs after Boot's configurers, so the platform's base URL, timeouts and resilience win
 * over {@code spring.http.serviceclient.<group>.*}.
 */
final class DownstreamHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	private static final int ORDER = 100;

	private final DownstreamClientConfigurer configurer;

	DownstreamHttpServiceGroupConfigurer(DownstreamClientConfigurer configurer) {
		this.configurer = configurer;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filter((group) -> this.configurer.names().contains(group.name()))
			.forEachClient((group, builder) -> this.configurer.configure(group.name(), builder));
	}

}
