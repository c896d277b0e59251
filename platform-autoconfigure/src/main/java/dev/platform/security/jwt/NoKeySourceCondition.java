package dev.platform.security.jwt;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;

/**
 * Matches when no verification key source is configured or defined: the opposite of {@link OnKeySourceCondition}.
 */
class NoKeySourceCondition extends NoneNestedConditions {

	NoKeySourceCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty("platform.security.jwt.public-key")
	static class PublicKey {

	}

	@ConditionalOnProperty("platform.security.jwt.jwks-uri")
	static class JwksUri {

	}

	@ConditionalOnBean(VerificationKeySource.class)
	static class KeySourceBean {

	}

}
