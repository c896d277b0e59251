package dev.platform.security.jwt;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.List;

import com.auth0.jwt.JWT;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * A {@link JwtIssuer} when {@code platform.security.jwt.issuance.private-key} is set, and the
 * {@code /.well-known/jwks.json} endpoint that lets verifiers follow key rotation.
 */
@AutoConfiguration
@ConditionalOnClass(JWT.class)
@ConditionalOnProperty("platform.security.jwt.issuance.private-key")
@EnableConfigurationProperties(JwtProperties.class)
public final class JwtIssuerAutoConfiguration {

	private static final String PREFIX = "platform.security.jwt.issuance.";

	@Bean
	@ConditionalOnMissingBean
	JwtIssuer jwtIssuer(JwtProperties properties, ResourceLoader resourceLoader) {
		JwtProperties.Issuance issuance = properties.getIssuance();
		if (!StringUtils.hasText(properties.getIssuer())) {
			throw new InvalidJwtConfigurationException("platform.security.jwt.issuer",
					"is required to issue tokens (their iss claim)");
		}
		List<String> audiences = issuance.getAudiences().isEmpty() && StringUtils.hasText(properties.getAudience())
				? List.of(properties.getAudience()) : List.copyOf(issuance.getAudiences());
		if (audiences.isEmpty()) {
			throw new InvalidJwtConfigurationException(PREFIX + "audiences",
					"is required to issue tokens (their aud claim); or set platform.security.jwt.audience");
		}
		if (issuance.getTokenTtl().isNegative() || issuance.getTokenTtl().isZero()) {
			throw new InvalidJwtConfigurationException(PREFIX + "token-ttl", "must be positive");
		}
		PrivateKey key = PemKeys.privateKey(PREFIX + "private-key", issuance.getPrivateKey(), resourceLoader);
		if (!(key instanceof RSAPrivateCrtKey rsa) || rsa.getModulus().bitLength() < 2048) {
			throw new InvalidJwtConfigurationException(PREFIX + "private-key",
					"must be an RSA key of at least 2048 bits (PKCS#8 with CRT parameters)");
		}
		RSAPublicKey publicKey = publicKeyOf(rsa);
		RSAPublicKey previous = previousKey(issuance.getPreviousPublicKey(), resourceLoader);
		if (previous == null && StringUtils.hasText(issuance.getPreviousKeyId())) {
			// A rotation half configured: tokens signed with the old key would fail without a word about why.
			throw new InvalidJwtConfigurationException(PREFIX + "previous-key-id",
					"is set but " + PREFIX + "previous-public-key is not; set the old key too, or neither");
		}
		String keyId = keyId(issuance.getKeyId(), publicKey);
		String previousKeyId = (previous != null) ? keyId(issuance.getPreviousKeyId(), previous) : null;
		if (keyId.equals(previousKeyId)) {
			// Two keys under one kid: verifiers keep one of them, and tokens signed with the other all fail.
			throw new InvalidJwtConfigurationException(PREFIX + "previous-key-id",
					"must differ from the current key's kid '" + keyId + "'; give the new key a new key-id on rotation");
		}
		return new JwtIssuer(publicKey, rsa, keyId, previous, previousKeyId, properties.getIssuer(), audiences,
				issuance.getTokenTtl(), Clock.systemUTC());
	}

	private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
		}
		catch (Exception ex) {
			throw new InvalidJwtConfigurationException(PREFIX + "private-key", "its public key cannot be derived");
		}
	}

	private static @Nullable RSAPublicKey previousKey(@Nullable String value, ResourceLoader resourceLoader) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		PublicKey key = PemKeys.publicKey(PREFIX + "previous-public-key", value, resourceLoader);
		if (!(key instanceof RSAPublicKey rsa)) {
			throw new InvalidJwtConfigurationException(PREFIX + "previous-public-key", "must be an RSA public key");
		}
		return rsa;
	}

	private static String keyId(@Nullable String configured, RSAPublicKey key) {
		return StringUtils.hasText(configured) ? configured : RsaJwk.thumbprint(key);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnBooleanProperty(name = PREFIX + "jwks-endpoint-enabled", matchIfMissing = true)
	static class JwksEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwksController jwksController(JwtIssuer issuer) {
			return new JwksController(issuer);
		}

	}

}
