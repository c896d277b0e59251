package dev.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.JsonWritingUtils;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * The {@code message} field, except for Boot's "APPLICATION FAILED TO START" report, which its
 * {@code LoggingFailureAnalysisReporter} writes as one block of text framed in asterisks: in a JSON line that is
 * one string of escaped line breaks. This provider writes the report's description as the message, after
 * "Application failed to start: ", and its action as an {@code action} field, so a log search finds both and a
 * reader sees the cause first.
 */
class StartupFailureMessageJsonProvider extends MessageJsonProvider {

	static final String REPORTER = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

	private static final String HEADING = "APPLICATION FAILED TO START";

	private static final String DESCRIPTION = "Description:";

	private static final String ACTION = "Action:";

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		String message = event.getFormattedMessage();
		if (REPORTER.equals(event.getLoggerName()) && message != null && message.contains(HEADING)) {
			int description = message.indexOf(DESCRIPTION);
			// The last one: a description may quote "Action:" itself.
			int action = message.lastIndexOf("\n" + ACTION) + 1;
			if (description >= 0 && action > description + DESCRIPTION.length()) {
				JsonWritingUtils.writeStringField(generator, getFieldName(), "Application failed to start: "
						+ message.substring(description + DESCRIPTION.length(), action).strip());
				JsonWritingUtils.writeStringField(generator, "action",
						message.substring(action + ACTION.length()).strip());
				return;
			}
		}
		super.writeTo(generator, event);
	}

}
