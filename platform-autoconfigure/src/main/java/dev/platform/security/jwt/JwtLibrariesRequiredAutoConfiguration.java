package dev.platform.security.jwt;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Fails startup when a key to verify tokens with is configured but a library the verification needs is missing from
 * the class path, instead of running without authentication: {@link JwtAuthenticationAutoConfiguration} needs
 * java-jwt and Jackson 3's core, which {@code platform-starter} brings and {@code platform-autoconfigure} alone
 * does not. Without this, a service depending on the auto-configuration module, or on Jackson 2 only, started with
 * every endpoint open while its configuration said otherwise.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "platform.security.jwt.enabled", matchIfMissing = true)
@Conditional(OnKeySourceCondition.class)
public final class JwtLibrariesRequiredAutoConfiguration {

	/** Each class the verification needs, with the artifact that brings it. */
	private static final String[][] REQUIRED = { { "com.auth0.jwt.JWT", "com.auth0:java-jwt" },
			{ "tools.jackson.core.JsonParser", "tools.jackson.core:jackson-core" } };

	@Bean
	static SmartInitializingSingleton jwtLibrariesRequiredCheck(Environment environment, ResourceLoader resources) {
		return () -> {
			List<String> missing = new ArrayList<>();
			for (String[] required : REQUIRED) {
				if (!ClassUtils.isPresent(required[0], resources.getClassLoader())) {
					missing.add(required[1]);
				}
			}
			if (!missing.isEmpty()) {
				String property = StringUtils.hasText(environment.getProperty("platform.security.jwt.jwks-uri"))
						? "platform.security.jwt.jwks-uri" : JwtKeyRequiredAutoConfiguration.PUBLIC_KEY;
				throw new InvalidJwtConfigurationException(property, "is set, but " + String.join(" and ", missing)
						+ ((missing.size() > 1) ? " are" : " is") + " not on the class path, so no token would be "
						+ "verified and every endpoint would be open; depend on dev.platform:platform-starter (which "
						+ "brings them), or set 'platform.security.jwt.enabled=false' if the service is meant to run "
						+ "without authentication");
			}
		};
	}

}
