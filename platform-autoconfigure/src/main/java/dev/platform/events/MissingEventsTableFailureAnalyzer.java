package dev.platform.events;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MissingEventsTableException} into a startup report that names the table, the schema script that
 * creates it and the property that switches events off.
 */
class MissingEventsTableFailureAnalyzer extends AbstractFailureAnalyzer<MissingEventsTableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingEventsTableException cause) {
		return new FailureAnalysis(cause.getMessage(), "Run the events schema script " + EventsSchema.SCRIPT
				+ " ({vendor}: postgresql or h2): with Flyway, add classpath:db/platform/events/{vendor} to "
				+ "spring.flyway.locations; without, add the script to spring.sql.init.schema-locations. If the "
				+ "service does not use platform events, set platform.events.enabled=false.", cause);
	}

}
