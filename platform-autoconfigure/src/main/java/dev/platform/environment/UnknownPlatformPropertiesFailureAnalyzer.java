package dev.platform.environment;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Lists the unknown {@code platform.*} properties and how to fix or allow them.
 */
class UnknownPlatformPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPlatformPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPlatformPropertiesException cause) {
		return new FailureAnalysis(
				"The starter does not know these properties, so they would have no effect:\n\n    - "
						+ String.join("\n    - ", cause.getDescriptions()),
				"Correct or remove them; the starter's properties are listed in its README and in the IDE's "
						+ "metadata. To start with unknown 'platform.*' properties and only log a warning, set "
						+ "'" + UnknownPlatformPropertiesEnvironmentPostProcessor.PROPERTY + "=false'.",
				cause);
	}

}
