package dev.platform.security.jwt;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when a verification key source is configured.
 */
class OnKeySourceCondition extends AnyNestedCondition {

	OnKeySourceCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty("platform.security.jwt.public-key")
	static class PublicKey {

	}

	@ConditionalOnProperty("platform.security.jwt.jwks-uri")
	static class JwksUri {

	}

}
