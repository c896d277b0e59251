package dev.platform.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

	private final List<String> warnings = new ArrayList<>();

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
			// Not even the appender: OTEL_LOGS_EXPORTER=otlp would otherwise install it with export off.
			properties.put("platform.logging.otlp.enabled", "false");
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
		String protocolVariable = firstSet("OTEL_EXPORTER_OTLP_" + signal + "_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
		String protocol = (protocolVariable != null) ? trim(get(protocolVariable)) : null;
		// http/json goes out as http/protobuf: a collector's OTLP/HTTP receiver takes both on one endpoint.
		if (protocol != null && !Set.of("grpc", "http/protobuf", "http/json").contains(protocol)) {
			throw new IllegalArgumentException(protocolVariable + "=" + protocol
					+ " is not an OTLP protocol; use http/protobuf or grpc");
		}
		boolean grpc = "grpc".equals(protocol);
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
		String headersVariable = firstSet("OTEL_EXPORTER_OTLP_" + signal + "_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
		if (headersVariable != null) {
			for (String pair : get(headersVariable).split(",")) {
				int index = pair.indexOf('=');
				if (index > 0) {
					String name = pair.substring(0, index).trim();
					String value = decode(headersVariable, pair.substring(index + 1).trim());
					properties.put(prefix + "headers." + name, value);
				}
			}
		}
		String timeoutVariable = firstSet("OTEL_EXPORTER_OTLP_" + signal + "_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
		if (timeoutVariable != null) {
			String timeout = get(timeoutVariable).trim();
			if (!timeout.matches("[0-9]{1,9}")) {
				throw new IllegalArgumentException(timeoutVariable + "=" + timeout
						+ " is not a timeout; use whole milliseconds, for example 10000");
			}
			properties.put(prefix + ("METRICS".equals(signal) ? "read-timeout" : "timeout"), timeout + "ms");
		}
		String compressionVariable = firstSet("OTEL_EXPORTER_OTLP_" + signal + "_COMPRESSION",
				"OTEL_EXPORTER_OTLP_COMPRESSION");
		if (compressionVariable != null && !"METRICS".equals(signal)) {
			String compression = trim(get(compressionVariable));
			if (!"gzip".equals(compression) && !"none".equals(compression)) {
				throw new IllegalArgumentException(compressionVariable + "=" + compression
						+ " is not an OTLP compression; use gzip or none");
			}
			properties.put(prefix + "compression", compression);
		}
	}

	private void sampler(Map<String, Object> properties) {
		String sampler = trim(get("OTEL_TRACES_SAMPLER"));
		String argument = get("OTEL_TRACES_SAMPLER_ARG");
		if (sampler == null) {
			if (argument != null) {
				// The specification's default sampler, parentbased_always_on, takes no argument.
				this.warnings.add("OTEL_TRACES_SAMPLER_ARG=" + argument.trim() + " is ignored: it applies to "
						+ "OTEL_TRACES_SAMPLER=parentbased_traceidratio or traceidratio, and OTEL_TRACES_SAMPLER is "
						+ "not set");
			}
			return;
		}
		// Boot's sampler is parent-based: always_on and traceidratio follow a sampled-out parent too.
		String probability = switch (sampler) {
			case "always_on", "parentbased_always_on" -> "1.0";
			case "always_off", "parentbased_always_off" -> "0.0";
			case "traceidratio", "parentbased_traceidratio" -> ratio(argument);
			default -> throw new IllegalArgumentException("OTEL_TRACES_SAMPLER=" + sampler
					+ " is not supported; use parentbased_always_on, parentbased_always_off or "
					+ "parentbased_traceidratio (or their forms without parentbased_)");
		};
		properties.put("management.tracing.sampling.probability", probability);
	}

	/**
	 * Reads the ratio of a ratio sampler, 1.0 (the specification's default) when there is none.
	 */
	private static String ratio(@Nullable String argument) {
		if (argument == null) {
			return "1.0";
		}
		double ratio;
		try {
			ratio = Double.parseDouble(argument.trim());
		}
		catch (NumberFormatException ex) {
			ratio = Double.NaN;
		}
		if (!(ratio >= 0.0 && ratio <= 1.0)) {
			throw new IllegalArgumentException("OTEL_TRACES_SAMPLER_ARG=" + argument.trim()
					+ " is not a sampling ratio; use a number from 0.0 to 1.0");
		}
		return argument.trim();
	}

	private void exporters(Map<String, Object> properties) {
		Set<String> traces = exporters("OTEL_TRACES_EXPORTER", Set.of("otlp", "none"));
		if (traces.contains("none")) {
			// Only the exporter: management.tracing.export.enabled=false would also stop context propagation.
			properties.put("management.tracing.export.otlp.enabled", "false");
		}
		// console: the starter's JSON console already prints every log event.
		Set<String> logs = exporters("OTEL_LOGS_EXPORTER", Set.of("otlp", "console", "none"));
		if (logs.contains("none")) {
			properties.put("management.logging.export.otlp.enabled", "false");
		}
		else if (logs.contains("otlp")) {
			properties.put("platform.logging.otlp.enabled", "true");
		}
		// prometheus: the starter's registry is Prometheus, scraped at /actuator/prometheus.
		Set<String> metrics = exporters("OTEL_METRICS_EXPORTER", Set.of("otlp", "prometheus", "none"));
		if (!metrics.isEmpty()) {
			properties.put(METRICS_PREFIX + "enabled", String.valueOf(metrics.contains("otlp")));
		}
	}

	/**
	 * Reads a comma-separated exporter list and fails on a value the starter does not export to.
	 */
	private Set<String> exporters(String variable, Set<String> supported) {
		String value = trim(get(variable));
		Set<String> exporters = new LinkedHashSet<>();
		if (value == null) {
			return exporters;
		}
		for (String exporter : value.split(",")) {
			String name = exporter.trim();
			if (name.isEmpty()) {
				continue;
			}
			if (!supported.contains(name)) {
				throw new IllegalArgumentException(variable + "=" + value + " names '" + name
						+ "', which the starter does not export to; use " + String.join(", ", sorted(supported)));
			}
			exporters.add(name);
		}
		if (exporters.contains("none") && exporters.size() > 1) {
			throw new IllegalArgumentException(variable + "=" + value + " combines 'none' with an exporter");
		}
		return exporters;
	}

	private static List<String> sorted(Set<String> values) {
		List<String> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted;
	}

	private void propagators(Map<String, Object> properties) {
		String propagators = trim(get("OTEL_PROPAGATORS"));
		if (propagators == null) {
			return;
		}
		List<String> types = new ArrayList<>();
		boolean baggage = false;
		boolean none = false;
		for (String propagator : propagators.split(",")) {
			String name = propagator.trim();
			switch (name) {
				case "tracecontext" -> types.add("W3C");
				case "b3" -> types.add("B3");
				case "b3multi" -> types.add("B3_MULTI");
				case "baggage" -> baggage = true;
				case "none" -> none = true;
				case "" -> {
				}
				default -> throw new IllegalArgumentException("OTEL_PROPAGATORS=" + propagators + " names '" + name
						+ "', which the starter does not support; use tracecontext, baggage, b3, b3multi or none");
			}
		}
		if (none && (baggage || !types.isEmpty())) {
			throw new IllegalArgumentException("OTEL_PROPAGATORS=" + propagators + " combines 'none' with a propagator");
		}
		// none: an empty list, so Boot's composite propagator neither injects nor extracts a trace context.
		properties.put("management.tracing.propagation.type", String.join(",", types));
		properties.put("management.tracing.baggage.enabled", String.valueOf(baggage));
	}

	/**
	 * Returns what the variables ask for and the starter ignores, to be logged once logging is up.
	 * @return the warnings, empty when there are none
	 */
	List<String> warnings() {
		return this.warnings;
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

	private @Nullable String firstSet(String... names) {
		for (String name : names) {
			if (get(name) != null) {
				return name;
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
