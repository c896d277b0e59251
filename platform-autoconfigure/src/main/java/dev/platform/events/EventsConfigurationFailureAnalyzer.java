package dev.platform.events;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link EventsConfigurationException} into a startup report that names the property to fix.
 */
class EventsConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<EventsConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EventsConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the property '" + cause.getProperty() + "'; see the events section of the Platform docs.", cause);
	}

}
