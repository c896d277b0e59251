package dev.platform.clients;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ClientConfigurationException} into the short startup report Boot prints instead of a stack
 * trace.
 */
class ClientConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ClientConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClientConfigurationException cause) {
		return new FailureAnalysis("Invalid downstream client configuration: " + cause.getMessage(),
				"Fix " + cause.getProperty() + (cause.isSettableByVariable() ? variableHint(cause.getProperty()) : "")
						+ ".",
				cause);
	}

	/** The environment variable that sets the property, unless no variable can reach the client's name. */
	static String variableHint(String property) {
		if (!property.startsWith(PlatformClientsProperties.PREFIX + ".")) {
			return "";
		}
		String name = property.substring(PlatformClientsProperties.PREFIX.length() + 1);
		String client = (name.indexOf('.') > 0) ? name.substring(0, name.indexOf('.')) : name;
		// Boot lower-cases a map key read from a variable: only a lower-case name without dashes is reachable.
		if (!client.matches("[a-z0-9]+")) {
			return "";
		}
		return " (an environment variable such as "
				+ property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "") + " sets it too)";
	}

}
