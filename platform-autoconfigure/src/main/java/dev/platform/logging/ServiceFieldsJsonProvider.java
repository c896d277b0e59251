package dev.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the service's identity into every JSON log line: {@code service}, and {@code version} and
 * {@code environment} when they are known. The values are fixed when logging starts, so each event only copies
 * them (a pattern provider would evaluate a layout per field and event).
 */
public class ServiceFieldsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

	private final String service;

	private final String version;

	private final String environment;

	/**
	 * Creates a provider for the given identity; blank values are left out of the lines.
	 * @param service the service name
	 * @param version the service version, or blank
	 * @param environment the deployment environment, or blank
	 */
	public ServiceFieldsJsonProvider(String service, String version, String environment) {
		this.service = service;
		this.version = version;
		this.environment = environment;
	}

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		writeUnlessBlank(generator, "service", this.service);
		writeUnlessBlank(generator, "version", this.version);
		writeUnlessBlank(generator, "environment", this.environment);
	}

	private static void writeUnlessBlank(JsonGenerator generator, String name, String value) {
		if (!value.isBlank()) {
			generator.writeStringProperty(name, value);
		}
	}

}
