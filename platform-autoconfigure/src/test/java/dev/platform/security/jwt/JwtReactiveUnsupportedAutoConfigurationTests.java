package dev.platform.security.jwt;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class JwtReactiveUnsupportedAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtReactiveUnsupportedAutoConfiguration.class));

	@Test
	void failsStartupOfAReactiveApplicationThatConfiguresAKeySourceNamingIt() {
		this.reactive.withPropertyValues("platform.security.jwt.jwks-uri=http://localhost/.well-known/jwks.json")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidJwtConfigurationException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("platform.security.jwt.jwks-uri");
					assertThat(ex.getReason()).contains("reactive (WebFlux)", "every endpoint would be open",
							"platform.security.jwt.enabled=false");
				}));
	}

	@Test
	void failsStartupOfAReactiveApplicationThatNamesAnIssuerOrAnAudience() {
		this.reactive.withPropertyValues("platform.security.jwt.audience=orders")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidJwtConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("platform.security.jwt.audience")));
	}

	@Test
	void aReactiveApplicationThatOnlyIssuesTokensStartsWithItsIssuerAndAudience() {
		this.reactive
			.withPropertyValues("platform.security.jwt.issuance.private-key=classpath:issuer.pem",
					"platform.security.jwt.issuer=platform-demo", "platform.security.jwt.audience=orders")
			.run((context) -> assertThat(context).hasNotFailed());
		this.reactive
			.withPropertyValues("platform.security.jwt.issuance.private-key=classpath:issuer.pem",
					"platform.security.jwt.issuer=platform-demo",
					"platform.security.jwt.jwks-uri=http://localhost/.well-known/jwks.json")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidJwtConfigurationException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("platform.security.jwt.jwks-uri")));
	}

	@Test
	void aReactiveApplicationWithoutJwtSettingsStarts() {
		this.reactive.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aReactiveApplicationThatSwitchesJwtOffStarts() {
		this.reactive
			.withPropertyValues("platform.security.jwt.enabled=false",
					"platform.security.jwt.jwks-uri=http://localhost/.well-known/jwks.json")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aServletApplicationIsLeftToTheVerification() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtReactiveUnsupportedAutoConfiguration.class))
			.withPropertyValues("platform.security.jwt.jwks-uri=http://localhost/.well-known/jwks.json")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("jwtReactiveUnsupportedCheck"));
	}

}
