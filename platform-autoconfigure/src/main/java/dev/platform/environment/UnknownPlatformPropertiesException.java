package dev.platform.environment;

import java.util.List;

/**
 * Startup found {@code platform.*} properties the starter does not know: misspelt, or from another version.
 */
public class UnknownPlatformPropertiesException extends IllegalStateException {

	private final List<String> descriptions;

	UnknownPlatformPropertiesException(List<String> descriptions) {
		super("Unknown platform properties: " + String.join("; ", descriptions));
		this.descriptions = List.copyOf(descriptions);
	}

	/**
	 * Each unknown property: its name, where it was set and, when one is close, the property probably meant.
	 * @return one line per property
	 */
	public List<String> getDescriptions() {
		return this.descriptions;
	}

}
