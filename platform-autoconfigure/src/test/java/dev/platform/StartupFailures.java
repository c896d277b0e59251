package dev.platform;

import org.springframework.boot.context.properties.bind.BindException;

/**
 * What a failed startup tells its reader: the message of the failure and of each cause, one per line, and for a
 * value that failed to bind the property's full name, as Boot's failure analysis prints it ("Property: ...").
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	public static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			description.append(cause.getMessage()).append('\n');
			if (cause instanceof BindException bind && bind.getProperty() != null) {
				description.append("Property: ").append(bind.getProperty().getName()).append('\n');
			}
		}
		return description.toString();
	}

}
