package dev.platform.clients;

/**
 * A client property is missing or has a value the client cannot work with. Thrown at startup; the message
 * names the property so the fix is obvious from the log.
 */
public class ClientConfigurationException extends RuntimeException {

	private final String property;

	public ClientConfigurationException(String property, String problem) {
		super(property + " " + problem);
		this.property = property;
	}

	/**
	 * Returns the full name of the offending property.
	 * @return for example {@code platform.clients.users.url}
	 */
	public String getProperty() {
		return this.property;
	}

}
