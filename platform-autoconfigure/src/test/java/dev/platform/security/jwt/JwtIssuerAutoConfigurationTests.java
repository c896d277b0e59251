package dev.platform.security.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.auth0.jwt.JWT;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtIssuerAutoConfigurationTests {

	private static final String PRIVATE_KEY = "platform.security.jwt.issuance.private-key="
			+ TestKeys.pem(TestKeys.RSA.getPrivate());

	private static final String ISSUER = "platform.security.jwt.issuer=" + TestTokens.ISSUER;

	private static final String AUDIENCE = "platform.security.jwt.audience=" + TestTokens.AUDIENCE;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtIssuerAutoConfiguration.class));

	@Test
	void createsIssuerAndJwksEndpointForPrivateKey() {
		this.runner.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE).run((context) -> {
			assertThat(context).hasSingleBean(JwtIssuer.class).hasSingleBean(JwksController.class);
			assertThat(JWT.decode(context.getBean(JwtIssuer.class).issue("s", List.of())).getAudience())
				.containsExactly(TestTokens.AUDIENCE);
		});
	}

	@Test
	void usesConfiguredKeyIdsAndPublishesPreviousKey() {
		this.runner
			.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE, "platform.security.jwt.issuance.key-id=k2",
					"platform.security.jwt.issuance.previous-key-id=k1",
					"platform.security.jwt.issuance.previous-public-key=" + TestKeys.pem(TestKeys.OTHER_RSA.getPublic()))
			.run((context) -> {
				JwtIssuer issuer = context.getBean(JwtIssuer.class);
				assertThat(JWT.decode(issuer.issue("s", List.of())).getKeyId()).isEqualTo("k2");
				assertThat(issuer.jwks().toString()).contains("kid=k2", "kid=k1");
			});
	}

	@Test
	void failsStartupWhenThePreviousKeyHasTheCurrentKeysKid() {
		// Two keys under one kid: verifiers keep one, and every token signed with the other fails.
		this.runner
			.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE, "platform.security.jwt.issuance.key-id=main",
					"platform.security.jwt.issuance.previous-key-id=main",
					"platform.security.jwt.issuance.previous-public-key=" + TestKeys.pem(TestKeys.OTHER_RSA.getPublic()))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtConfigurationException.class)
				.hasMessageContaining("platform.security.jwt.issuance.previous-key-id"));
	}

	@Test
	void failsStartupWhenThePreviousKeyIdComesWithoutThePreviousKey() {
		// Half a rotation: the old tokens would fail without a word about why.
		this.runner.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE, "platform.security.jwt.issuance.previous-key-id=old")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtConfigurationException.class)
				.hasMessageContaining("platform.security.jwt.issuance.previous-key-id")
				.hasMessageContaining("previous-public-key is not"));
	}

	@Test
	void refusesToIssueAScopeThatWouldReadAsTwo() {
		this.runner.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE).run((context) -> {
			JwtIssuer issuer = context.getBean(JwtIssuer.class);
			assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue("u", List.of("reports:read admin")))
				.withMessageContaining("Invalid scope");
			assertThatIllegalArgumentException().isThrownBy(() -> issuer.issue("u", List.of("")));
			assertThat(JWT.decode(issuer.issue("u", List.of("reports:read", "orders/write"))).getClaim("scope").asString())
				.isEqualTo("reports:read orders/write");
		});
	}

	@Test
	void staysOffWithoutPrivateKey() {
		this.runner.withPropertyValues(ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).doesNotHaveBean(JwtIssuer.class).doesNotHaveBean(JwksController.class));
	}

	@Test
	void backsOffWhenUserDefinesIssuer() {
		JwtIssuer own = new JwtIssuer((RSAPublicKey) TestKeys.RSA.getPublic(), (RSAPrivateKey) TestKeys.RSA.getPrivate(),
				"own", null, null, "i", List.of("a"), Duration.ofMinutes(1), Clock.systemUTC());
		this.runner.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE)
			.withBean(JwtIssuer.class, () -> own)
			.run((context) -> assertThat(context.getBean(JwtIssuer.class)).isSameAs(own));
	}

	@Test
	void jwksEndpointSwitchedOffByProperty() {
		this.runner
			.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE, "platform.security.jwt.issuance.jwks-endpoint-enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(JwtIssuer.class).doesNotHaveBean(JwksController.class));
	}

	@Test
	void noJwksEndpointOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JwtIssuerAutoConfiguration.class))
			.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).hasSingleBean(JwtIssuer.class).doesNotHaveBean(JwksController.class));
	}

	@Test
	void staysOffWithoutJavaJwt() {
		this.runner.withPropertyValues(PRIVATE_KEY, ISSUER, AUDIENCE)
			.withClassLoader(new FilteredClassLoader(JWT.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtIssuer.class));
	}

	@Test
	void failsStartupOnWeakKeyMissingIssuerOrAudience() {
		assertFailure("platform.security.jwt.issuance.private-key", ISSUER, AUDIENCE,
				"platform.security.jwt.issuance.private-key=" + TestKeys.pem(TestKeys.rsa(1024).getPrivate()));
		assertFailure("platform.security.jwt.issuance.private-key", ISSUER, AUDIENCE,
				"platform.security.jwt.issuance.private-key=" + TestKeys.pem(TestKeys.EC.getPrivate()));
		assertFailure("platform.security.jwt.issuer", PRIVATE_KEY, AUDIENCE);
		assertFailure("platform.security.jwt.issuance.audiences", PRIVATE_KEY, ISSUER);
		assertFailure("platform.security.jwt.issuance.private-key", ISSUER, AUDIENCE,
				"platform.security.jwt.issuance.private-key=" + TestKeys.pem(TestKeys.RSA.getPublic()));
	}

	@Test
	void neverPrintsAPrivateKeyGivenWithoutItsPemLines() {
		String body = java.util.Base64.getEncoder().encodeToString(TestKeys.RSA.getPrivate().getEncoded());
		this.runner.withPropertyValues(ISSUER, AUDIENCE, "platform.security.jwt.issuance.private-key=" + body)
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidJwtConfigurationException.class)
					.hasMessageContaining("'platform.security.jwt.issuance.private-key'");
				for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
					assertThat(String.valueOf(failure.getMessage())).doesNotContain(body.substring(body.length() - 64));
				}
			});
	}

	@Test
	void namesAMissingPrivateKeyFile() {
		assertFailure("platform.security.jwt.issuance.private-key", ISSUER, AUDIENCE,
				"platform.security.jwt.issuance.private-key=classpath:no-such-key.pem");
		this.runner
			.withPropertyValues(ISSUER, AUDIENCE, "platform.security.jwt.issuance.private-key=classpath:no-such-key.pem")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("no-such-key.pem"));
	}

	private void assertFailure(String property, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtConfigurationException.class)
				.hasMessageContaining("'" + property + "'"));
	}

}
