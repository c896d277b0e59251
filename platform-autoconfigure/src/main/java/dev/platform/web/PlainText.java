package dev.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Bean Validation: the text has no control characters (CR, LF, ESC, NUL, ...), no lone surrogates and no
 * bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069). What a service stores is then what every
 * service, log line and terminal shows: no forged log lines, no "Trojan Source" reordering, and no character that
 * UTF-8 turns into {@code ?} on the way to another service. {@code null} is valid (combine with {@code @NotNull} or
 * {@code @NotBlank}). A rejected field is listed in the starter's validation problem under {@code errors}, with
 * this constraint's message and without the value.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = PlainText.PATTERN)
@ReportAsSingleViolation
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

	/** Any character but a control character, a surrogate (a pair is one code point, so only lone ones) or a bidi control. */
	String PATTERN = "[^\\p{Cc}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]*";

	String message() default "must not contain control characters, lone surrogates or bidirectional overrides";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
