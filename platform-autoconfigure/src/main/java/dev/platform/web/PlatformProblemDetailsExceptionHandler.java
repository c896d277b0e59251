package dev.platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Boot's problem-details handler, saying what is wrong with the request instead of Spring's generic detail:
 * <ul>
 * <li>a body Jackson could not read: which field has a value of the wrong type or form, or where the text stops
 * being JSON (never the value that was sent), instead of "Failed to read request";</li>
 * <li>a body that failed Bean Validation: an {@code errors} property listing each rejected field with its
 * constraint's message, instead of "Invalid request content";</li>
 * <li>request parameters, path variables or headers that failed a constraint on the controller method: the same
 * {@code errors}, each naming the parameter as the client sent it, instead of "Validation failure".</li>
 * </ul>
 */
@ControllerAdvice
public class PlatformProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	/** Field paths come from the client's JSON; a longer one is cut, not echoed whole. */
	private static final int MAX_PATH_LENGTH = 200;

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = describe(ex);
		if (detail == null) {
			return super.handleHttpMessageNotReadable(ex, headers, status, request);
		}
		ProblemDetail body = createProblemDetail(ex, status, detail, null, null, request);
		return handleExceptionInternal(ex, body, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail body = createProblemDetail(ex, status, "The request has invalid fields.", null, null, request);
		body.setProperty("errors", errors(ex.getBindingResult()));
		return handleExceptionInternal(ex, body, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.isForReturnValue()) {
			// The handler's own result failed its constraints: a server error whose details are not the client's.
			return super.handleHandlerMethodValidationException(ex, headers, status, request);
		}
		ProblemDetail body = createProblemDetail(ex, status, "The request has invalid parameters.", null, null,
				request);
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors fields) {
				errors.addAll(errors(fields));
				continue;
			}
			String name = parameterName(result.getMethodParameter())
					+ ((result.getContainerIndex() != null) ? "[" + result.getContainerIndex() + "]" : "");
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				Map<String, String> entry = new LinkedHashMap<>();
				entry.put("parameter", name);
				entry.put("message", String.valueOf(error.getDefaultMessage()));
				errors.add(entry);
			}
		}
		for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
			errors.add(Map.of("message", String.valueOf(error.getDefaultMessage())));
		}
		body.setProperty("errors", errors);
		return handleExceptionInternal(ex, body, headers, status, request);
	}

	/** The name the client used: the annotation's, else the method parameter's own. */
	static String parameterName(MethodParameter parameter) {
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !(param.name() + param.value()).isEmpty()) {
			return param.name().isEmpty() ? param.value() : param.name();
		}
		PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
		if (variable != null && !(variable.name() + variable.value()).isEmpty()) {
			return variable.name().isEmpty() ? variable.value() : variable.name();
		}
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !(header.name() + header.value()).isEmpty()) {
			return header.name().isEmpty() ? header.value() : header.name();
		}
		String name = parameter.getParameterName();
		return (name != null) ? name : "arg" + parameter.getParameterIndex();
	}

	/** Each rejected field with its constraint's message (not the rejected value), then object-level errors. */
	static List<Map<String, String>> errors(Errors result) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : result.getFieldErrors()) {
			Map<String, String> entry = new LinkedHashMap<>();
			entry.put("field", error.getField());
			entry.put("message", String.valueOf(error.getDefaultMessage()));
			errors.add(entry);
		}
		for (ObjectError error : result.getGlobalErrors()) {
			errors.add(Map.of("message", String.valueOf(error.getDefaultMessage())));
		}
		return errors;
	}

	/**
	 * What a client needs to fix its body, from Jackson's exception among the causes.
	 * @param ex the exception Spring MVC raised
	 * @return the detail, or {@code null} when no Jackson exception says more than Spring's
	 */
	static @Nullable String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// A number too large for its field is valid JSON, though Jackson's parser reports it.
			if (cause instanceof StreamReadException syntax && !(cause instanceof InputCoercionException)) {
				TokenStreamLocation location = syntax.getLocation();
				return (location != null && location.getLineNr() > 0) ? "The body is not valid JSON (line "
						+ location.getLineNr() + ", column " + location.getColumnNr() + ")." : "The body is not valid JSON.";
			}
			if (cause instanceof JacksonException mapping) {
				String path = path(mapping.getPath());
				return path.isEmpty() ? "The body does not have the expected form."
						: "The value of '" + path + "' has the wrong type or form.";
			}
		}
		return null;
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > MAX_PATH_LENGTH) ? path.substring(0, MAX_PATH_LENGTH) + "..." : path.toString();
	}

}
