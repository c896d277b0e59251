package dev.platform.security.jwt;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when a verification key source is configured, or defined by the application as a bean.
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

	@ConditionalOnBean(VerificationKeySource.class)
	static class KeySourceBean {

	}

}
