package dev.platform.security.jwt;

/**
 * A {@code platform.security.jwt.*} property has a value that cannot work; startup fails and names it.
 */
public class InvalidJwtConfigurationException extends IllegalStateException {

	private final String property;

	private final String reason;

	public InvalidJwtConfigurationException(String property, String reason) {
		super("Invalid value of '" + property + "': " + reason);
		this.property = property;
		this.reason = reason;
	}

	public String getProperty() {
		return this.property;
	}

	public String getReason() {
		return this.reason;
	}

}
