package dev.platform.clients;

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
				"Fix " + cause.getProperty() + " (an environment variable such as "
						+ cause.getProperty().toUpperCase().replace('.', '_').replace("-", "")
						+ " sets it too).",
				cause);
	}

}
