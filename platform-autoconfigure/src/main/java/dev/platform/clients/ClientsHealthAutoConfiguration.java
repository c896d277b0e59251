package dev.platform.clients;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Breaker states of the downstreams under the {@code downstreams} health contributor
 * ({@code management.health.downstreams.enabled=false} removes it).
 */
@AutoConfiguration(after = ClientsAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DownstreamClients.class)
public final class ClientsHealthAutoConfiguration {

	// On the method: on the class, the condition's own class would be loaded before the class check ran.
	@Bean
	@ConditionalOnEnabledHealthIndicator("downstreams")
	@ConditionalOnMissingBean(name = "downstreamsHealthIndicator")
	DownstreamHealthIndicator downstreamsHealthIndicator(DownstreamClients clients,
			DownstreamClientConfigurer configurer) {
		return new DownstreamHealthIndicator(clients, configurer);
	}

}
