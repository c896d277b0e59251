package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Shows each downstream's breaker state in {@code /actuator/health} details. Always UP: an open breaker means
 * this service is degrading gracefully, and reporting DOWN would get healthy instances restarted or taken out
 * of the load balancer because of someone else's outage.
 */
final class DownstreamHealthIndicator implements HealthIndicator {

	private final DownstreamClients clients;

	private final DownstreamClientConfigurer configurer;

	DownstreamHealthIndicator(DownstreamClients clients, DownstreamClientConfigurer configurer) {
		this.clients = clients;
		this.configurer = configurer;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		for (String name : this.clients.names()) {
			CircuitBreaker breaker = this.configurer.resilience(name).circuitBreaker();
			CircuitBreaker.Metrics metrics = breaker.getMetrics();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", breaker.getState().name());
			details.put("failureRate", metrics.getFailureRate());
			details.put("slowCallRate", metrics.getSlowCallRate());
			details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
			details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
			health.withDetail(name, details);
		}
		return health.build();
	}

}
