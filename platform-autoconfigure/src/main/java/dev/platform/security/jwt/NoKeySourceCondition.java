package dev.platform.security.jwt;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no verification key source is configured or defined: the opposite of {@link OnKeySourceCondition}.
 */
class NoKeySourceCondition extends SpringBootCondition implements ConfigurationCondition {

	private final OnKeySourceCondition keySource = new OnKeySourceCondition();

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionOutcome outcome = this.keySource.getMatchOutcome(context, metadata);
		return new ConditionOutcome(!outcome.isMatch(), outcome.getConditionMessage());
	}

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

}
