package dev.platform.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.platform.environment.PlatformPropertySources;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Metrics defaults, all of them Boot's own properties so a service overrides them the usual way: only
 * health, info and prometheus exposed over HTTP, and request histograms with service-level buckets from
 * 5 ms to 10 s (enough for a p99 and an SLO without one series per percentile), under the request observations'
 * names, including a name the application configured ({@code management.observations.http.server.requests.name},
 * {@code management.observations.http.client.requests.name}). Actuator renders its endpoints
 * with Boot's Jackson 3 mapper only: its deprecated isolated Jackson 2 {@code ObjectMapper}, built whenever
 * Jackson 2 is on the class path (here only because java-jwt depends on it), costs about 350 classes at startup.
 */
public class MetricsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The buckets of the server and client request timers ({@code http.server.requests} and so on). */
	public static final String SLO_BUCKETS = "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		// Boot names the timers after the observations, which an application may rename.
		String server = environment.getProperty("management.observations.http.server.requests.name",
				"http.server.requests");
		String client = environment.getProperty("management.observations.http.client.requests.name",
				"http.client.requests");
		defaults.put("management.metrics.distribution.slo[" + server + "]", SLO_BUCKETS);
		defaults.put("management.metrics.distribution.slo[" + client + "]", SLO_BUCKETS);
		defaults.put("management.endpoints.jackson2.isolated-object-mapper", "false");
		PlatformPropertySources.addDefaults(environment, defaults);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
