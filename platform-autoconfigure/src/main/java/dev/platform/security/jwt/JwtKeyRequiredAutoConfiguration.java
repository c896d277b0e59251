package dev.platform.security.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails startup when JWT authentication is wanted but has no key to verify tokens with, instead of running without
 * authentication: {@code platform.security.jwt.issuer} or {@code audience} is set (by a service that does not
 * issue tokens itself), or a handler carries
 * {@link RequireScopes} or {@link RequireRoles}, while neither {@code public-key} nor {@code jwks-uri} is (nor a
 * {@link VerificationKeySource} bean). {@code platform.security.jwt.enabled=false} says that running without it is
 * meant.
 */
@AutoConfiguration(after = JwtAuthenticationAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ JWT.class, RequestMappingHandlerMapping.class })
@ConditionalOnBooleanProperty(name = "platform.security.jwt.enabled", matchIfMissing = true)
@Conditional(NoKeySourceCondition.class)
public final class JwtKeyRequiredAutoConfiguration {

	static final String PUBLIC_KEY = "platform.security.jwt.public-key";

	private static final String ISSUANCE_KEY = "platform.security.jwt.issuance.private-key";

	private static final String HOW = "set it (or 'platform.security.jwt.jwks-uri'), or set "
			+ "'platform.security.jwt.enabled=false' if the service is meant to run without authentication";

	@Bean
	static SmartInitializingSingleton jwtKeyRequiredCheck(Environment environment,
			ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
		return () -> {
			List<String> configured = new ArrayList<>();
			// A service that issues tokens names its issuer (and audiences) without verifying any tokens itself.
			if (!StringUtils.hasText(environment.getProperty(ISSUANCE_KEY))) {
				for (String property : new String[] { "issuer", "audience" }) {
					if (StringUtils.hasText(environment.getProperty("platform.security.jwt." + property))) {
						configured.add("'platform.security.jwt." + property + "'");
					}
				}
			}
			if (!configured.isEmpty()) {
				throw new InvalidJwtConfigurationException(PUBLIC_KEY, "is not set while " + String.join(" and ",
						configured) + (configured.size() > 1 ? " are" : " is") + ", so no token could be verified; "
						+ HOW);
			}
			handlerMappings.orderedStream().forEach((mapping) -> {
				for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : mapping.getHandlerMethods().entrySet()) {
					if (requiresToken(handler.getValue())) {
						throw new InvalidJwtConfigurationException(PUBLIC_KEY,
								"is not set while " + handler.getValue().getBeanType().getSimpleName() + "."
										+ handler.getValue().getMethod().getName() + "() " + handler.getKey()
										+ " requires scopes or roles, which nothing would check; " + HOW);
					}
				}
			});
		};
	}

	private static boolean requiresToken(HandlerMethod handler) {
		return AnnotatedElementUtils.hasAnnotation(handler.getMethod(), RequireScopes.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getMethod(), RequireRoles.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), RequireScopes.class)
				|| AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), RequireRoles.class);
	}

}
