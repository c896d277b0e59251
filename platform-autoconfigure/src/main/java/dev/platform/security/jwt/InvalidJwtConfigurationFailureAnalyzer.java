package dev.platform.security.jwt;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link InvalidJwtConfigurationException} into a startup report that names the property to fix.
 */
class InvalidJwtConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidJwtConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidJwtConfigurationException cause) {
		return new FailureAnalysis("JWT authentication is misconfigured: property '" + cause.getProperty() + "': "
				+ cause.getReason() + ".", "Fix the value of '" + cause.getProperty() + "'.", cause);
	}

}
