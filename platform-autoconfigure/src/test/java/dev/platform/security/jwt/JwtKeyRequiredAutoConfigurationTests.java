package dev.platform.security.jwt;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.platform.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT authentication that is wanted (an issuer or audience to check, handlers that require scopes or roles) but has
 * no key to verify tokens with fails startup, instead of leaving the service without authentication.
 */
class JwtKeyRequiredAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, JwtKeyRequiredAutoConfiguration.class));

	@Test
	void anIssuerWithoutAKeyFailsStartupNamingTheKeyProperty() {
		this.runner.withPropertyValues("platform.security.jwt.issuer=https://issuer.example")
			.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure())).contains(
					"Invalid value of 'platform.security.jwt.public-key': is not set while "
							+ "'platform.security.jwt.issuer' is, so no token could be verified",
					"platform.security.jwt.jwks-uri", "platform.security.jwt.enabled=false"));
	}

	@Test
	void anIssuerAndAnAudienceWithoutAKeyAreBothNamed() {
		this.runner
			.withPropertyValues("platform.security.jwt.issuer=https://issuer.example",
					"platform.security.jwt.audience=orders")
			.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure()))
				.contains("'platform.security.jwt.issuer' and 'platform.security.jwt.audience' are"));
	}

	@Test
	void aHandlerThatRequiresScopesWithoutAKeyFailsStartupNamingIt() {
		this.runner.withUserConfiguration(ScopedController.class)
			.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure()))
				.contains("platform.security.jwt.public-key", "ScopedController.orders() {GET [/orders]}",
						"requires scopes or roles, which nothing would check"));
	}

	@Test
	void aClassThatRequiresRolesCountsToo() {
		this.runner.withUserConfiguration(AdminController.class)
			.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure()))
				.contains("AdminController.users()"));
	}

	@Test
	void aServiceThatOnlyIssuesTokensNamesItsIssuerWithoutAKey() {
		this.runner
			.withPropertyValues("platform.security.jwt.issuer=https://users.example",
					"platform.security.jwt.issuance.private-key=classpath:issuer.pem")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anEmptyIssuerIsNotSet() {
		this.runner.withPropertyValues("platform.security.jwt.issuer=", "platform.security.jwt.audience= ")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startsWhenNothingAsksForJwt() {
		this.runner.withUserConfiguration(OpenController.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startsWhenRunningWithoutAuthenticationIsMeant() {
		this.runner.withUserConfiguration(ScopedController.class)
			.withPropertyValues("platform.security.jwt.enabled=false", "platform.security.jwt.issuer=https://i")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void staysOutWhenAKeySourceIsThere() {
		this.runner.withUserConfiguration(ScopedController.class)
			.withPropertyValues("platform.security.jwt.issuer=https://issuer.example")
			.withBean(VerificationKeySource.class, () -> (keyId) -> null)
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withUserConfiguration(ScopedController.class)
			.withPropertyValues("platform.security.jwt.jwks-uri=https://issuer.example/jwks")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@RestController
	static class ScopedController {

		@GetMapping("/orders")
		@RequireScopes("orders:read")
		String orders() {
			return "orders";
		}

	}

	@RestController
	@RequireRoles("admin")
	static class AdminController {

		@GetMapping("/users")
		String users() {
			return "users";
		}

	}

	@RestController
	static class OpenController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
