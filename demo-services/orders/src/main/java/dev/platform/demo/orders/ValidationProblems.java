package dev.platform.demo.orders;

/**
 * What this service adds to the starter's validation problems (which list the rejected fields under
 * {@code errors}): the rule for free text.
 */
final class ValidationProblems {

	/**
	 * Text without control characters, lone surrogates or bidirectional overrides: what is stored is what every
	 * service and log shows, and an event's UTF-8 cannot turn it into '?' on the way.
	 */
	static final String PLAIN_TEXT = "[^\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]*";

	static final String PLAIN_TEXT_MESSAGE = "must not contain control characters, lone surrogates or bidirectional overrides";

	private ValidationProblems() {
	}

}
