package dev.platform.security.jwt;

import java.time.Clock;
import java.util.List;

import com.auth0.jwt.JWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import dev.platform.web.ProblemResponseWriter;
import dev.platform.web.TraceIdWebAutoConfiguration;

/**
 * Bearer token verification for servlet applications, on when {@code platform.security.jwt.public-key} or
 * {@code platform.security.jwt.jwks-uri} is set. Backs off, with a warning, when Spring Security's filter chain is
 * present: one authentication layer per application.
 */
@AutoConfiguration(after = TraceIdWebAutoConfiguration.class, afterName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(value = JWT.class, name = "tools.jackson.core.JsonParser")
@ConditionalOnBooleanProperty(name = "platform.security.jwt.enabled", matchIfMissing = true)
@Conditional(OnKeySourceCondition.class)
@EnableConfigurationProperties(JwtProperties.class)
@Import({ JwtAuthenticationAutoConfiguration.MicrometerMetricsConfiguration.class,
		JwtAuthenticationAutoConfiguration.FilterConfiguration.class,
		JwtAuthenticationAutoConfiguration.SpringSecurityBackOffConfiguration.class })
public final class JwtAuthenticationAutoConfiguration {

	/** After the request context (-105) so relay can find the token, before Spring Security's slot (-100). */
	public static final int FILTER_ORDER = -101;

	static final String SPRING_SECURITY_FILTER = "springSecurityFilterChain";

	private static final String SECURITY_CONTEXT_HOLDER = "org.springframework.security.core.context.SecurityContextHolder";

	@Bean
	@ConditionalOnMissingBean
	VerificationKeySource jwtVerificationKeySource(JwtProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<JwtMetrics> metrics) {
		VerificationSettings.validate(properties);
		return VerificationSettings.keySource(properties, resourceLoader, metrics.getIfAvailable(() -> JwtMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	JwtTokenVerifier jwtTokenVerifier(JwtProperties properties, VerificationKeySource keySource,
			ObjectProvider<JwtMetrics> metrics) {
		VerificationSettings.validate(properties);
		return new JwtTokenVerifier(keySource, properties.getAlgorithms(), properties.getIssuer(),
				properties.getAudience(), properties.getClockSkew(), properties.getMaxTokenLength(),
				properties.getCacheSize(), Clock.systemUTC(), metrics.getIfAvailable(() -> JwtMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	BearerTokenHolder bearerTokenHolder() {
		return BearerTokenHolder.fromRequestContext();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MicrometerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerJwtMetrics jwtMetrics(MeterRegistry registry) {
			return new MicrometerJwtMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = SPRING_SECURITY_FILTER)
	static class FilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jwtAuthenticationFilter")
		FilterRegistrationBean<JwtAuthenticationFilter> jwtAuthenticationFilter(JwtTokenVerifier verifier,
				ProblemResponseWriter writer, ObjectProvider<JwtMetrics> metrics, JwtProperties properties,
				Environment environment) {
			FilterRegistrationBean<JwtAuthenticationFilter> registration = new FilterRegistrationBean<>(
					new JwtAuthenticationFilter(verifier, writer, metrics.getIfAvailable(() -> JwtMetrics.NONE),
							PublicPaths.configured(properties, environment)));
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		JwtWebMvcConfigurer jwtWebMvcConfigurer(ProblemResponseWriter writer) {
			return new JwtWebMvcConfigurer(writer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(name = SPRING_SECURITY_FILTER)
	@Import({ SpringSecurityAuthorizationConfiguration.class, NoSpringSecurityAuthorizationConfiguration.class })
	static class SpringSecurityBackOffConfiguration {

		private static final Log logger = LogFactory.getLog(JwtAuthenticationAutoConfiguration.class);

		SpringSecurityBackOffConfiguration(ResourceLoader resourceLoader) {
			if (ClassUtils.isPresent(SECURITY_CONTEXT_HOLDER, resourceLoader.getClassLoader())) {
				logger.warn("Spring Security's filter chain is present, so the platform JWT filter is NOT registered: "
						+ "@RequireScopes/@RequireRoles are checked against Spring Security's authentication (its "
						+ "SCOPE_ and ROLE_ authorities). Let Spring Security verify tokens (it can use the "
						+ "JwtTokenVerifier bean) or set platform.security.jwt.enabled=false to silence this warning.");
			}
			else {
				logger.warn("A bean named '" + SPRING_SECURITY_FILTER + "' is present, so the platform JWT filter is "
						+ "NOT registered, but Spring Security is not on the class path: nothing authenticates "
						+ "requests for the platform, so endpoints with @RequireScopes/@RequireRoles answer 401 to "
						+ "every request. Rename the bean, or set platform.security.jwt.enabled=false if the "
						+ "application authenticates requests itself.");
			}
		}

	}

	/**
	 * A filter bean that only has Spring Security's name: the annotations are checked against the platform's own
	 * authentication, which nothing sets, so annotated endpoints are closed (401) rather than open.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(SECURITY_CONTEXT_HOLDER)
	static class NoSpringSecurityAuthorizationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtWebMvcConfigurer jwtWebMvcConfigurer(ProblemResponseWriter writer) {
			return new JwtWebMvcConfigurer(writer);
		}

	}

	/**
	 * The annotations stay enforced where Spring Security authenticates: an annotated endpoint answers 401 to a
	 * request Spring Security let through unauthenticated, instead of running unchecked.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CONTEXT_HOLDER)
	static class SpringSecurityAuthorizationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JwtWebMvcConfigurer jwtWebMvcConfigurer(ProblemResponseWriter writer) {
			return new JwtWebMvcConfigurer(writer, new SpringSecurityGrants());
		}

	}

}
