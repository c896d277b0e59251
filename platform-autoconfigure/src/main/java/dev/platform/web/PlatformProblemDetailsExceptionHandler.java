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

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
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
import org.springframework.util.ClassUtils;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Boot's problem-details handler, saying what is wrong with the request instead of Spring's generic detail:
 * <ul>
 * <li>a body Jackson could not read: which field has a value of the wrong type or form, where the text stops
 * being JSON, or which key an object has twice (never the value that was sent), instead of "Failed to read
 * request";</li>
 * <li>a body that failed Bean Validation: an {@code errors} property listing each rejected field with its
 * constraint's message, instead of "Invalid request content";</li>
 * <li>request parameters, path variables or headers that failed a constraint on the controller method: the same
 * {@code errors}, each naming the parameter as the client sent it, instead of "Validation failure";</li>
 * <li>a parameter, path variable or header that cannot be converted to its type: which one and what it must be
 * ("'id' must be a UUID."), instead of Spring's detail, which repeats the value that was sent.</li>
 * </ul>
 */
@ControllerAdvice
public class PlatformProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	/** Field paths come from the client's JSON; a longer one is cut, not echoed whole. */
	private static final int MAX_PATH_LENGTH = 200;

	/** How Jackson's read context words a key found twice. */
	private static final String DUPLICATE_KEY = "Duplicate Object property";

	/** The detail of a problem that lists rejected fields. */
	static final String INVALID_FIELDS = "The request has invalid fields.";

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
		ProblemDetail body = createProblemDetail(ex, status, INVALID_FIELDS, null, null, request);
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

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument)
				? parameterName(argument.getParameter()) : ex.getPropertyName();
		if (name == null) {
			return super.handleTypeMismatch(ex, headers, status, request);
		}
		String expected = (ex instanceof MethodArgumentTypeMismatchException argument)
				? expected(ResolvableType.forMethodParameter(argument.getParameter().nestedIfOptional()))
				: expected(ex.getRequiredType());
		ProblemDetail body = createProblemDetail(ex, status, "'" + name + "' must be " + expected + ".", null, null,
				request);
		body.setProperty("parameter", name);
		return handleExceptionInternal(ex, body, headers, status, request);
	}

	private static String expected(ResolvableType type) {
		if (type.isArray() || type.asCollection() != ResolvableType.NONE) {
			ResolvableType element = type.isArray() ? type.getComponentType() : type.asCollection().getGeneric();
			if (element.resolve() != null && element.resolve() != Object.class) {
				return "a list, each item " + expected(element.resolve());
			}
		}
		return expected(type.resolve());
	}

	/** What a value of the type looks like, in words a client's developer reads without Java. */
	static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "of another form";
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == java.math.BigInteger.class) {
			return "a whole number";
		}
		if (Number.class.isAssignableFrom(boxed)) {
			return "a number";
		}
		if (boxed == Boolean.class) {
			return "true or false";
		}
		if (boxed == java.util.UUID.class) {
			return "a UUID";
		}
		if (boxed == java.time.LocalDate.class) {
			return "a date (2026-01-31)";
		}
		if (boxed == java.time.Instant.class || boxed == java.time.OffsetDateTime.class
				|| boxed == java.time.ZonedDateTime.class || boxed == java.time.LocalDateTime.class) {
			return "a date and time (2026-01-31T12:00:00Z)";
		}
		if (boxed == java.time.Duration.class) {
			return "a duration";
		}
		if (boxed.isEnum()) {
			Object[] constants = boxed.getEnumConstants();
			if (constants.length <= 20) {
				StringBuilder names = new StringBuilder("one of ");
				for (int i = 0; i < constants.length; i++) {
					names.append((i > 0) ? ", " : "").append(((Enum<?>) constants[i]).name());
				}
				return names.toString();
			}
		}
		return "a valid " + boxed.getSimpleName();
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
				String where = (location != null && location.getLineNr() > 0)
						? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
				String duplicate = duplicateKey(syntax);
				if (duplicate != null) {
					return "The body has the key '" + duplicate + "' twice in one object" + where + ".";
				}
				return "The body is not valid JSON" + where + ".";
			}
			if (cause instanceof JacksonException mapping) {
				String path = path(mapping.getPath());
				return path.isEmpty() ? "The body does not have the expected form."
						: "The value of '" + path + "' has the wrong type or form.";
			}
		}
		return null;
	}

	/** The key Jackson's duplicate detection ({@code StreamReadFeature.STRICT_DUPLICATE_DETECTION}) found twice. */
	private static @Nullable String duplicateKey(StreamReadException ex) {
		String message = ex.getOriginalMessage();
		if (message == null || !message.startsWith(DUPLICATE_KEY)) {
			return null;
		}
		String key = message.substring(DUPLICATE_KEY.length()).trim();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1);
		}
		return (key.length() > MAX_PATH_LENGTH) ? key.substring(0, MAX_PATH_LENGTH) + "..." : key;
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
