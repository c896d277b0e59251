package dev.platform.security.jwt;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Fails startup when JWT authentication is configured in a reactive (WebFlux) application, instead of running with
 * every endpoint open: the starter verifies tokens in servlet applications only (a filter and a Spring MVC
 * interceptor), so there nothing would check a token while {@code platform.security.jwt.*} said otherwise.
 * {@code platform.security.jwt.enabled=false} says that the application verifies tokens some other way (Spring
 * Security's resource server, for one). A service that issues tokens ({@code issuance.private-key}) names an issuer
 * and audiences without verifying any, as in servlet applications.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "platform.security.jwt.enabled", matchIfMissing = true)
public final class JwtReactiveUnsupportedAutoConfiguration {

	/** The settings that say tokens are to be verified, in the order the failure names them. */
	private static final String[] VERIFICATION_SETTINGS = { "jwks-uri", "public-key", "issuer", "audience" };

	@Bean
	static SmartInitializingSingleton jwtReactiveUnsupportedCheck(Environment environment) {
		return () -> {
			// A service that issues tokens names its issuer (and audiences) without verifying any tokens itself.
			boolean issues = StringUtils.hasText(environment.getProperty("platform.security.jwt.issuance.private-key"));
			for (String setting : VERIFICATION_SETTINGS) {
				if (issues && (setting.equals("issuer") || setting.equals("audience"))) {
					continue;
				}
				String property = "platform.security.jwt." + setting;
				if (StringUtils.hasText(environment.getProperty(property))) {
					throw new InvalidJwtConfigurationException(property,
							"is set in a reactive (WebFlux) application, where the starter verifies no tokens (it "
									+ "does so in servlet applications only) and every endpoint would be open; "
									+ "verify tokens with Spring Security's resource server and set "
									+ "'platform.security.jwt.enabled=false'");
				}
			}
		};
	}

}
