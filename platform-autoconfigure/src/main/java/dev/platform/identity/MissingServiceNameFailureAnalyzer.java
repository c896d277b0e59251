package dev.platform.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingServiceNameException} and names the property that fixes it.
 */
class MissingServiceNameFailureAnalyzer extends AbstractFailureAnalyzer<MissingServiceNameException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingServiceNameException cause) {
		return new FailureAnalysis(
				"The service has no name. Platform names every trace, metric and log line after the service, "
						+ "so the property 'spring.application.name' is required.",
				"Set 'spring.application.name' in application.properties (for example "
						+ "spring.application.name=orders), or the OTEL_SERVICE_NAME environment variable.",
				cause);
	}

}
