package dev.platform.clients;

/**
 * A client property is missing or has a value the client cannot work with. Thrown at startup; the message
 * names the property so the fix is obvious from the log.
 */
public class ClientConfigurationException extends RuntimeException {

	private final String property;

	private final boolean settableByVariable;

	public ClientConfigurationException(String property, String problem) {
		this(property, problem, true);
	}

	ClientConfigurationException(String property, String problem, boolean settableByVariable) {
		super(property + " " + problem);
		this.property = property;
		this.settableByVariable = settableByVariable;
	}

	/**
	 * Whether setting the property from an environment variable is a fix worth suggesting.
	 * @return {@code false} when a variable is what went wrong
	 */
	public boolean isSettableByVariable() {
		return this.settableByVariable;
	}

	/**
	 * Returns the full name of the offending property.
	 * @return for example {@code platform.clients.users.url}
	 */
	public String getProperty() {
		return this.property;
	}

}
