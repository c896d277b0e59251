package dev.platform.events;

/**
 * A configuration value the events feature cannot work with; startup fails and names the property.
 */
public class EventsConfigurationException extends IllegalStateException {

	private final String property;

	public EventsConfigurationException(String property, String problem) {
		super("Invalid platform events configuration: '" + property + "' " + problem);
		this.property = property;
	}

	public String getProperty() {
		return this.property;
	}

}
