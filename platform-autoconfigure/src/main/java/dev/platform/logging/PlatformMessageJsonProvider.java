package dev.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.JsonWritingUtils;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The {@code message} field, with two differences from logstash-logback-encoder's:
 * <ul>
 * <li>Structured arguments under a sensitive key are masked where the message shows them
 * ({@code value("password", p)} puts the bare value in the message, where no {@code key=value} pattern finds it);
 * the masking decorator then masks the text as it does every string.</li>
 * <li>Boot's "APPLICATION FAILED TO START" report, which its {@code LoggingFailureAnalysisReporter} writes as one
 * block of text framed in asterisks (in a JSON line, one string of escaped line breaks), has its description as
 * the message, after "Application failed to start: ", and its action as an {@code action} field, so a log search
 * finds both and a reader sees the cause first.</li>
 * </ul>
 */
class PlatformMessageJsonProvider extends MessageJsonProvider {

	static final String REPORTER = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

	private static final String HEADING = "APPLICATION FAILED TO START";

	private static final String DESCRIPTION = "Description:";

	private static final String ACTION = "Action:";

	private final @Nullable LogTextMasker masker;

	/**
	 * @param masker the masking rules, or {@code null} when nothing is masked
	 */
	PlatformMessageJsonProvider(@Nullable LogTextMasker masker) {
		this.masker = masker;
	}

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		String message = (this.masker != null) ? this.masker.formattedMessage(event) : event.getFormattedMessage();
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
		JsonWritingUtils.writeStringField(generator, getFieldName(), message);
	}

}
