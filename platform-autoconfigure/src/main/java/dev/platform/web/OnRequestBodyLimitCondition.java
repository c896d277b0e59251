package dev.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.unit.DataSize;

/**
 * Matches unless {@code platform.web.max-request-body-size} is -1 (no limit).
 */
final class OnRequestBodyLimitCondition extends SpringBootCondition {

	private static final String PROPERTY = "platform.web.max-request-body-size";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Request body limit");
		DataSize limit = Binder.get(context.getEnvironment()).bind(PROPERTY, DataSize.class).orElse(null);
		if (limit == null) {
			return ConditionOutcome.match(message.because("'" + PROPERTY + "' is not set, the default limit applies"));
		}
		if (limit.toBytes() == -1) {
			// Other values are left to the binding of the properties, which names what is wrong with them.
			return ConditionOutcome.noMatch(message.because("'" + PROPERTY + "' is -1"));
		}
		return ConditionOutcome.match(message.because("'" + PROPERTY + "' is " + limit));
	}

}
