package dev.platform.demo.orders;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Lists the rejected fields in the problem body of a validation failure (Boot's default body only says
 * "Invalid request content"). The starter adds {@code traceId}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ValidationProblems {

	/**
	 * Text without control characters, lone surrogates or bidirectional overrides: what is stored is what every
	 * service and log shows, and an event's UTF-8 cannot turn it into '?' on the way.
	 */
	static final String PLAIN_TEXT = "[^\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]*";

	static final String PLAIN_TEXT_MESSAGE = "must not contain control characters, lone surrogates or bidirectional overrides";

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalid(MethodArgumentNotValidException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields.");
		problem.setTitle("Validation failed");
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message",
					String.valueOf(error.getDefaultMessage())))
			.toList();
		problem.setProperty("errors", errors);
		return problem;
	}

	/** A field that passed its annotations but not a check that needs the whole request, in the same body. */
	static ErrorResponseException invalidField(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields.");
		problem.setTitle("Validation failed");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}
