package dev.platform.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Maps the standard OpenTelemetry SDK environment variables onto Spring Boot's property names, following
 * the OpenTelemetry specification's precedence (a per-signal variable beats the general one).
 *
 * @see <a href="https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/">SDK
 * environment variables</a>
 */
final class OtelEnvironmentVariables {

	static final String TRACES_PREFIX = "management.opentelemetry.tracing.export.otlp.";

	static final String LOGS_PREFIX = "management.opentelemetry.logging.export.otlp.";

	static final String METRICS_PREFIX = "management.otlp.metrics.export.";

	static final String RESOURCE_PREFIX = "management.opentelemetry.resource-attributes.";


	private final Function<String, @Nullable String> env;

	OtelEnvironmentVariables(Function<String, @Nullable String> env) {
		this.env = env;
	}

	/**
	 * Returns the Boot properties the variables stand for.
	 * @return property names and values, empty when no variable is set
	 */
	Map<String, Object> toProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		String serviceName = get("OTEL_SERVICE_NAME");
		Map<String, String> resource = resourceAttributes();
		// service.name only through spring.application.name, which a Spring property beats and OTEL_SERVICE_NAME
		// sets: as a resource property of its own it would outrank both, and spans would name another service
		// than the logs and metrics.
		resource.forEach((key, value) -> {
			if (!key.equals("service.name")) {
				properties.put(RESOURCE_PREFIX + key, value);
			}
		});
		if (serviceName != null) {
			properties.put("spring.application.name", serviceName);
		}
		else if (resource.containsKey("service.name")) {
			properties.put("spring.application.name", resource.get("service.name"));
		}
		signal(properties, "TRACES", TRACES_PREFIX, "/v1/traces", "endpoint");
		signal(properties, "LOGS", LOGS_PREFIX, "/v1/logs", "endpoint");
		signal(properties, "METRICS", METRICS_PREFIX, "/v1/metrics", "url");
		sampler(properties);
		exporters(properties);
		propagators(properties);
		if ("true".equalsIgnoreCase(trim(get("OTEL_SDK_DISABLED")))) {
			// No telemetry leaves the process. (Boot 4 ignores the deprecated management.tracing.enabled.)
			properties.put("management.tracing.export.enabled", "false");
			properties.put("management.logging.export.otlp.enabled", "false");
			properties.put(METRICS_PREFIX + "enabled", "false");
		}
		return properties;
	}

	/**
	 * Returns the attributes of {@code OTEL_RESOURCE_ATTRIBUTES} ({@code key=value,...}, values
	 * percent-decoded).
	 * @return the attributes in their order
	 */
	Map<String, String> resourceAttributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		String value = get("OTEL_RESOURCE_ATTRIBUTES");
		if (value == null) {
			return attributes;
		}
		for (String pair : value.split(",")) {
			int index = pair.indexOf('=');
			if (index > 0) {
				String key = pair.substring(0, index).trim();
				attributes.put(key, decode("OTEL_RESOURCE_ATTRIBUTES", pair.substring(index + 1).trim()));
			}
		}
		return attributes;
	}

	private void signal(Map<String, Object> properties, String signal, String prefix, String path,
			String endpointProperty) {
		String protocol = first("OTEL_EXPORTER_OTLP_" + signal + "_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
		boolean grpc = protocol != null && protocol.trim().equalsIgnoreCase("grpc");
		if (protocol != null && !"METRICS".equals(signal)) {
			properties.put(prefix + "transport", grpc ? "grpc" : "http");
		}
		String specific = get("OTEL_EXPORTER_OTLP_" + signal + "_ENDPOINT");
		String general = get("OTEL_EXPORTER_OTLP_ENDPOINT");
		if (specific != null) {
			properties.put(prefix + endpointProperty, specific);
		}
		else if (general != null) {
			// The general endpoint is a base URL: http/protobuf appends the signal's path, gRPC does not.
			String base = general.endsWith("/") ? general.substring(0, general.length() - 1) : general;
			properties.put(prefix + endpointProperty, grpc ? base : base + path);
		}
		String headersVariable = ("OTEL_EXPORTER_OTLP_" + signal + "_HEADERS");
		if (get(headersVariable) == null) {
			headersVariable = "OTEL_EXPORTER_OTLP_HEADERS";
		}
		String headers = get(headersVariable);
		if (headers != null) {
			for (String pair : headers.split(",")) {
				int index = pair.indexOf('=');
				if (index > 0) {
					String name = pair.substring(0, index).trim();
					String value = decode(headersVariable, pair.substring(index + 1).trim());
					properties.put(prefix + "headers." + name, value);
				}
			}
		}
		String timeout = first("OTEL_EXPORTER_OTLP_" + signal + "_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
		if (timeout != null) {
			properties.put(prefix + ("METRICS".equals(signal) ? "read-timeout" : "timeout"), timeout.trim() + "ms");
		}
		String compression = first("OTEL_EXPORTER_OTLP_" + signal + "_COMPRESSION",
				"OTEL_EXPORTER_OTLP_COMPRESSION");
		if (compression != null && !"METRICS".equals(signal)) {
			properties.put(prefix + "compression", compression.trim().toLowerCase(Locale.ROOT));
		}
	}

	private void sampler(Map<String, Object> properties) {
		String sampler = get("OTEL_TRACES_SAMPLER");
		String argument = get("OTEL_TRACES_SAMPLER_ARG");
		if (sampler != null) {
			switch (sampler.trim().toLowerCase(Locale.ROOT)) {
				case "always_on", "parentbased_always_on" -> properties.put("management.tracing.sampling.probability", "1.0");
				case "always_off", "parentbased_always_off" -> properties.put("management.tracing.sampling.probability", "0.0");
				default -> {
				}
			}
		}
		boolean ratioSampler = sampler == null || sampler.toLowerCase(Locale.ROOT).contains("traceidratio");
		if (argument != null && ratioSampler) {
			properties.put("management.tracing.sampling.probability", argument.trim());
		}
	}

	private void exporters(Map<String, Object> properties) {
		if ("none".equalsIgnoreCase(trim(get("OTEL_TRACES_EXPORTER")))) {
			// Only the exporter: management.tracing.export.enabled=false would also stop context propagation.
			properties.put("management.tracing.export.otlp.enabled", "false");
		}
		if ("none".equalsIgnoreCase(trim(get("OTEL_LOGS_EXPORTER")))) {
			properties.put("management.logging.export.otlp.enabled", "false");
		}
		String metrics = trim(get("OTEL_METRICS_EXPORTER"));
		if (metrics != null) {
			properties.put(METRICS_PREFIX + "enabled", String.valueOf(metrics.contains("otlp")));
		}
	}

	private void propagators(Map<String, Object> properties) {
		String propagators = get("OTEL_PROPAGATORS");
		if (propagators == null) {
			return;
		}
		StringBuilder types = new StringBuilder();
		boolean baggage = false;
		for (String propagator : propagators.split(",")) {
			String type = switch (propagator.trim().toLowerCase(Locale.ROOT)) {
				case "tracecontext" -> "W3C";
				case "b3" -> "B3";
				case "b3multi" -> "B3_MULTI";
				case "baggage" -> {
					baggage = true;
					yield null;
				}
				default -> null;
			};
			if (type != null) {
				types.append((types.length() > 0) ? "," : "").append(type);
			}
		}
		if (types.length() > 0) {
			properties.put("management.tracing.propagation.type", types.toString());
		}
		properties.put("management.tracing.baggage.enabled", String.valueOf(baggage));
	}

	/**
	 * Percent-decodes a value of a variable in the W3C baggage format, where {@code +} is a plus, not a space
	 * (Basic credentials and base64 tokens have them).
	 */
	private static String decode(String variable, String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(variable + " has a value that is not valid percent-encoding ('"
					+ ((value.length() > 40) ? value.substring(0, 40) + "…" : value) + "'): " + ex.getMessage()
					+ "; write a literal % as %25", ex);
		}
	}

	private @Nullable String first(String... names) {
		for (String name : names) {
			String value = get(name);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private @Nullable String get(String name) {
		String value = this.env.apply(name);
		return (value != null && !value.isBlank()) ? value : null;
	}

	private static @Nullable String trim(@Nullable String value) {
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT) : null;
	}

}
