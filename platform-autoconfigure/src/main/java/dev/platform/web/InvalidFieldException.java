package dev.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A field of the request that passed its constraints but not a check only the handler can make (a limit in
 * bytes, a rule across fields, a value that must exist): a 400 problem in the shape of the starter's validation
 * problems, {@code "detail": "The request has invalid fields."} and {@code errors: [{field, message}]}, so a
 * client reads one shape whichever check failed. Do not put the rejected value in the message.
 */
public class InvalidFieldException extends ErrorResponseException {

	private final String field;

	/**
	 * Creates the exception.
	 * @param field the field as the client sent it ({@code email}, {@code items[2].quantity})
	 * @param message what is wrong with it, without its value ({@code must be at most 72 bytes in UTF-8})
	 */
	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, problem(Objects.requireNonNull(field, "field"),
				Objects.requireNonNull(message, "message")), null);
		this.field = field;
	}

	/**
	 * Returns the field.
	 * @return the field as the client sent it
	 */
	public String getField() {
		return this.field;
	}

	private static ProblemDetail problem(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				PlatformProblemDetailsExceptionHandler.INVALID_FIELDS);
		// In the order the validation problems write them.
		Map<String, String> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		problem.setProperty("errors", List.of(error));
		return problem;
	}

}
