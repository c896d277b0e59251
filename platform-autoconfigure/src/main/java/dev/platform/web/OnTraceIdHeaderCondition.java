package dev.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches unless {@code platform.web.trace-id-header} is set to an empty or blank value; when it is not set, the
 * default header is sent. A plain property check instead of {@code @ConditionalOnExpression}, which would load
 * and run the SpEL parser at startup just to see whether a string is empty.
 */
final class OnTraceIdHeaderCondition extends SpringBootCondition {

	private static final String PROPERTY = "platform.web.trace-id-header";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Trace id response header");
		String header = context.getEnvironment().getProperty(PROPERTY);
		if (header == null) {
			return ConditionOutcome.match(message.because("'" + PROPERTY + "' is not set, the default header is sent"));
		}
		if (!StringUtils.hasText(header)) {
			return ConditionOutcome.noMatch(message.because("'" + PROPERTY + "' is empty"));
		}
		return ConditionOutcome.match(message.because("'" + PROPERTY + "' is '" + header + "'"));
	}

}
