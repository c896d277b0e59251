package dev.platform.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.platform.environment.PlatformPropertySources;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Maps the {@code OTEL_*} environment variables onto Boot's properties and sets the tracing defaults:
 * every trace sampled (parent-based), OTLP http/protobuf to a local collector, no OTLP metrics push
 * (metrics are scraped), and observations on RabbitMQ templates and listeners so a consumer's span joins
 * the producer's trace.
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after config data is loaded and before the identity and logging post-processors. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 30;

	private final Log logger;

	/**
	 * Creates the post-processor; Boot passes the factory of logs written once logging is initialized.
	 * @param logFactory the deferred log factory
	 */
	public TracingEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(TracingEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		OtelEnvironmentVariables variables = new OtelEnvironmentVariables(
				(name) -> environment.getSystemEnvironment().containsKey(name)
						? String.valueOf(environment.getSystemEnvironment().get(name)) : null);
		PlatformPropertySources.addOtelEnvironment(environment, variables.toProperties());
		variables.warnings().forEach(this.logger::warn);
		PlatformPropertySources.addDefaults(environment, defaults(environment));
	}

	static Map<String, Object> defaults(ConfigurableEnvironment environment) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.tracing.sampling.probability", "1.0");
		defaults.put(OtelEnvironmentVariables.TRACES_PREFIX + "endpoint",
				PlatformPropertySources.localCollector(environment, OtelEnvironmentVariables.TRACES_PREFIX, "/v1/traces"));
		defaults.put(OtelEnvironmentVariables.METRICS_PREFIX + "enabled", "false");
		defaults.put("spring.rabbitmq.template.observation-enabled", "true");
		defaults.put("spring.rabbitmq.listener.simple.observation-enabled", "true");
		defaults.put("spring.rabbitmq.listener.direct.observation-enabled", "true");
		return defaults;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
