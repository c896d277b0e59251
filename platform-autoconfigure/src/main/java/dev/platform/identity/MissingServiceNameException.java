package dev.platform.identity;

/**
 * Thrown at startup when the service has no name: traces, metrics and logs of nameless services cannot be
 * told apart.
 */
public class MissingServiceNameException extends IllegalStateException {

	public MissingServiceNameException() {
		super("No service name: set 'spring.application.name' (or the OTEL_SERVICE_NAME environment variable)");
	}

}
