package dev.platform.demo.users;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * What this service adds to the starter's validation problems (which list the rejected fields under {@code errors}):
 * the rule for free text, and a field error for checks that need more than one annotation can see.
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

	/** A field that passed its annotations but not a check of the whole request, in the starter's body shape. */
	static ErrorResponseException invalidField(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields.");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}
