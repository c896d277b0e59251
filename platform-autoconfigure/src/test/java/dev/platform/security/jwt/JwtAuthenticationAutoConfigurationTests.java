package dev.platform.security.jwt;

import java.security.spec.ECGenParameterSpec;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;

import com.auth0.jwt.JWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.platform.StartupFailures;
import dev.platform.web.TraceIdWebAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class JwtAuthenticationAutoConfigurationTests {

	private static final String PUBLIC_KEY = "platform.security.jwt.public-key=" + TestKeys.pem(TestKeys.RSA.getPublic());

	private static final String ISSUER = "platform.security.jwt.issuer=" + TestTokens.ISSUER;

	private static final String AUDIENCE = "platform.security.jwt.audience=" + TestTokens.AUDIENCE;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceIdWebAutoConfiguration.class, JwtAuthenticationAutoConfiguration.class));

	@Test
	void staysOffWithoutKeySource() {
		this.runner.withPropertyValues(ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JwtTokenVerifier.class)
				.doesNotHaveBean("jwtAuthenticationFilter"));
	}

	@Test
	void registersFilterVerifierRelayAndMvcSupportForPublicKey() {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE).run((context) -> {
			assertThat(context).hasSingleBean(JwtTokenVerifier.class)
				.hasSingleBean(VerificationKeySource.class)
				.hasSingleBean(BearerTokenHolder.class)
				.hasBean("jwtWebMvcConfigurer")
				.doesNotHaveBean(JwtMetrics.class);
			FilterRegistrationBean<?> registration = context.getBean("jwtAuthenticationFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(JwtAuthenticationFilter.class);
			assertThat(registration.getOrder()).isEqualTo(JwtAuthenticationAutoConfiguration.FILTER_ORDER);
			assertThat(context.getBean(BearerTokenHolder.class).currentBearerToken()).isEmpty();
		});
	}

	@Test
	void theDefaultPublicPathsFollowTheActuatorBasePath() {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE, "management.endpoints.web.base-path=/manage")
			.run((context) -> {
				Filter filter = context.getBean("jwtAuthenticationFilter", FilterRegistrationBean.class).getFilter();
				assertThat(status(filter, "/manage/health")).as("a probe of the moved health endpoint").isEqualTo(200);
				assertThat(status(filter, "/manage/prometheus")).isEqualTo(200);
				assertThat(status(filter, "/actuator/health")).as("no longer the actuator").isEqualTo(401);
				assertThat(status(filter, "/orders")).isEqualTo(401);
			});
	}

	@Test
	void publicPathsSetByTheApplicationOrWithTheActuatorOnItsOwnPortStayAsTheyAre() {
		// Equal to the defaults, but set: taken as written.
		this.runner
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE, "management.endpoints.web.base-path=/manage",
					"platform.security.jwt.public-paths=/actuator/health")
			.run((context) -> {
				Filter filter = context.getBean("jwtAuthenticationFilter", FilterRegistrationBean.class).getFilter();
				assertThat(status(filter, "/actuator/health")).isEqualTo(200);
				assertThat(status(filter, "/manage/health")).isEqualTo(401);
			});
		// The actuator on a port of its own, at the root: the application's own /info stays behind the token.
		this.runner
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE, "management.server.port=9090",
					"management.endpoints.web.base-path=/")
			.run((context) -> {
				Filter filter = context.getBean("jwtAuthenticationFilter", FilterRegistrationBean.class).getFilter();
				assertThat(status(filter, "/info")).isEqualTo(401);
				assertThat(status(filter, "/health")).isEqualTo(401);
			});
	}

	private static int status(Filter filter, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	@Test
	void readsPublicKeyFromClasspathOrFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path file = dir.resolve("key.pem");
		java.nio.file.Files.writeString(file, TestKeys.pem(TestKeys.RSA.getPublic()));
		this.runner.withPropertyValues("platform.security.jwt.public-key=file:" + file, ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).hasSingleBean(JwtTokenVerifier.class));
		this.runner.withPropertyValues("platform.security.jwt.public-key=classpath:missing.pem", ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("platform.security.jwt.public-key")
				.hasMessageContaining("cannot read"));
		// A bare path is a resource of the web application, not a file: the failure says how to name the file.
		this.runner.withPropertyValues("platform.security.jwt.public-key=" + file, ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("(to read the file '" + file + "', write 'file:" + file + "')"));
	}

	@Test
	void aPkcs1PublicKeyFailsStartupSayingHowToConvertIt() {
		this.runner
			.withPropertyValues("platform.security.jwt.public-key=-----BEGIN RSA PUBLIC KEY-----\nAAAA\n"
					+ "-----END RSA PUBLIC KEY-----", ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("expected a PEM block '-----BEGIN PUBLIC KEY-----'")
				.hasMessageContaining("openssl rsa -RSAPublicKey_in -pubout"));
	}

	@Test
	void usesJwksKeySourceForJwksUri() {
		this.runner.withPropertyValues("platform.security.jwt.jwks-uri=https://login.example.test/jwks", ISSUER, AUDIENCE)
			.run((context) -> assertThat(context.getBean(VerificationKeySource.class)).isInstanceOf(JwksKeySource.class));
	}

	@Test
	void fetchesKeysOverPlainHttpOnlyFromLoopbackUnlessAllowed() {
		for (String loopback : List.of("localhost", "LOCALHOST", "issuer.localhost", "127.0.0.1", "127.1.2.3", "[::1]")) {
			this.runner.withPropertyValues("platform.security.jwt.jwks-uri=http://" + loopback + ":8081/jwks", ISSUER,
					AUDIENCE)
				.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwksKeySource.class));
		}
		for (String remote : List.of("users", "login.example.test", "127.0.0.1.example.test", "10.0.0.7",
				"[::2]")) {
			this.runner.withPropertyValues("platform.security.jwt.jwks-uri=http://" + remote + ":8080/jwks", ISSUER,
					AUDIENCE)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidJwtConfigurationException.class)
					.hasMessageContaining("'platform.security.jwt.jwks-uri'")
					.hasMessageContaining("plain http from '" + remote + "'")
					.hasMessageContaining("platform.security.jwt.jwks-allow-http=true"));
		}
		this.runner.withPropertyValues("platform.security.jwt.jwks-uri=http://users:8080/jwks",
				"platform.security.jwt.jwks-allow-http=true", ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwksKeySource.class));
	}

	@Test
	void failsStartupOnRsaPublicKeyUnder2048Bits() {
		this.runner.withPropertyValues("platform.security.jwt.public-key=" + TestKeys.pem(TestKeys.rsa(1024).getPublic()),
				ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtConfigurationException.class)
				.hasMessageContaining("'platform.security.jwt.public-key'")
				.hasMessageContaining("is a 1024-bit RSA key; at least 2048 bits are required"));
	}

	@Test
	void recordsMetricsWhenMeterRegistryExists() {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerJwtMetrics.class));
	}

	@Test
	void backsOffWhenUserDefinesVerifierAndKeySource() {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withUserConfiguration(UserBeans.class)
			.run((context) -> {
				assertThat(context.getBean(VerificationKeySource.class)).isSameAs(UserBeans.KEYS);
				assertThat(context.getBean(JwtTokenVerifier.class)).isSameAs(context.getBean("userVerifier"));
			});
	}

	@Test
	void turnsOnForApplicationDefinedKeySource() {
		this.runner.withPropertyValues(ISSUER, AUDIENCE)
			.withBean(VerificationKeySource.class, () -> UserBeans.KEYS)
			.run((context) -> assertThat(context).hasSingleBean(JwtTokenVerifier.class).hasBean("jwtAuthenticationFilter"));
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE, "platform.security.jwt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JwtTokenVerifier.class)
				.doesNotHaveBean("jwtAuthenticationFilter"));
	}

	@Test
	void failsStartupInsteadOfRunningOpenWithoutJavaJwt() {
		this.runner.withConfiguration(AutoConfigurations.of(JwtLibrariesRequiredAutoConfiguration.class))
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withClassLoader(new FilteredClassLoader(JWT.class))
			.run((context) -> {
				assertThat(context).getFailure()
					.isInstanceOf(InvalidJwtConfigurationException.class)
					.hasMessageContaining("com.auth0:java-jwt is not on the class path")
					.hasMessageContaining("every endpoint would be open")
					.hasMessageNotContaining("jackson-core");
			});
	}

	@Test
	void failsStartupInsteadOfRunningOpenWithoutJackson3() {
		this.runner.withConfiguration(AutoConfigurations.of(JwtLibrariesRequiredAutoConfiguration.class))
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withClassLoader(new FilteredClassLoader("tools.jackson.core"))
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("tools.jackson.core:jackson-core is not on the class path"));
	}

	@Test
	void theLibrariesCheckPassesWithBothAndStaysOutWithoutAKey() {
		this.runner.withConfiguration(AutoConfigurations.of(JwtLibrariesRequiredAutoConfiguration.class))
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtTokenVerifier.class));
		this.runner.withConfiguration(AutoConfigurations.of(JwtLibrariesRequiredAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JWT.class))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "actuator/health", "/a/**/b" })
	void failsStartupNamingAPublicPathThatMatchesNothingOrDoesNotParse(String path) {
		// Without its slash a pattern matches no request: the health probes would need a token.
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE, "platform.security.jwt.public-paths=" + path)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(StartupFailures.describe(context.getStartupFailure())).contains("platform.security.jwt.public-paths").contains("'" + path + "'");
			});
	}

	@Test
	void failsStartupNamingJwksUriWhenJwksRsaIsMissing() {
		this.runner.withPropertyValues("platform.security.jwt.jwks-uri=https://login.example.test/jwks", ISSUER, AUDIENCE)
			.withClassLoader(new FilteredClassLoader("com.auth0.jwk"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("platform.security.jwt.jwks-uri")
				.hasMessageContaining("jwks-rsa"));
	}

	@Test
	void staysOffOutsideServletApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JwtAuthenticationAutoConfiguration.class))
			.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.run((context) -> assertThat(context).doesNotHaveBean(JwtTokenVerifier.class));
	}

	@Test
	void failsStartupNamingMissingIssuer() {
		assertStartupFailure("platform.security.jwt.issuer", PUBLIC_KEY, AUDIENCE);
	}

	@Test
	void failsStartupNamingMissingAudience() {
		assertStartupFailure("platform.security.jwt.audience", PUBLIC_KEY, ISSUER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jwks-refetch-interval=0s", "jwks-refetch-interval=-1s", "jwks-connect-timeout=0s",
			"jwks-read-timeout=0s", "jwks-read-timeout=-5s", "jwks-connect-timeout=30d" })
	void failsStartupNamingAJwksIntervalOrTimeoutOutOfRange(String setting) {
		// A refetch per unknown kid hammers the issuer; a timeout of 0 waits for ever with the fetch lock held.
		assertStartupFailure("platform.security.jwt." + setting.substring(0, setting.indexOf('=')),
				"platform.security.jwt.jwks-uri=https://login.example.test/jwks", ISSUER, AUDIENCE,
				"platform.security.jwt." + setting);
	}

	@Test
	void failsStartupWhenTheEcKeysCurveFitsNoneOfTheAlgorithms() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp384r1"));
		String p384 = "platform.security.jwt.public-key=" + TestKeys.pem(generator.generateKeyPair().getPublic());
		assertStartupFailure("platform.security.jwt.public-key", p384, ISSUER, AUDIENCE,
				"platform.security.jwt.algorithms=ES256");
	}

	@Test
	void failsStartupOnHmacOrNoneAlgorithm() {
		assertStartupFailure("platform.security.jwt.algorithms", PUBLIC_KEY, ISSUER, AUDIENCE,
				"platform.security.jwt.algorithms=RS256,HS256");
		assertStartupFailure("platform.security.jwt.algorithms", PUBLIC_KEY, ISSUER, AUDIENCE,
				"platform.security.jwt.algorithms=none");
	}

	@Test
	void failsStartupWhenKeyDoesNotFitAnyAlgorithm() {
		assertStartupFailure("platform.security.jwt.public-key", PUBLIC_KEY, ISSUER, AUDIENCE,
				"platform.security.jwt.algorithms=ES256");
	}

	@Test
	void failsStartupOnBothKeySourcesOrBadValues() {
		assertStartupFailure("platform.security.jwt.jwks-uri", PUBLIC_KEY, ISSUER, AUDIENCE,
				"platform.security.jwt.jwks-uri=https://login.example.test/jwks");
		assertStartupFailure("platform.security.jwt.jwks-uri", ISSUER, AUDIENCE,
				"platform.security.jwt.jwks-uri=file:/etc/passwd");
		assertStartupFailure("platform.security.jwt.jwks-uri", ISSUER, AUDIENCE,
				"platform.security.jwt.jwks-uri=http:///jwks.json");
		assertStartupFailure("platform.security.jwt.clock-skew", PUBLIC_KEY, ISSUER, AUDIENCE,
				"platform.security.jwt.clock-skew=1h");
		assertStartupFailure("platform.security.jwt.public-key", ISSUER, AUDIENCE,
				"platform.security.jwt.public-key=-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
	}

	@Test
	void backsOffWithWarningWhenSpringSecurityFilterChainExists(CapturedOutput output) {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withBean("springSecurityFilterChain", Filter.class, () -> (request, response, chain) -> chain.doFilter(request, response))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("jwtAuthenticationFilter")
					.hasSingleBean(JwtTokenVerifier.class);
				// The annotations are checked against Spring Security's authentication instead.
				assertThat(context.getBean(JwtWebMvcConfigurer.class)).extracting("callerGrants")
					.isInstanceOf(SpringSecurityGrants.class);
				// Logging is asynchronous: the line reaches the console shortly after it is logged.
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(output).contains("Spring Security's filter chain is present",
							"platform.security.jwt.enabled=false"));
			});
	}

	@Test
	void aFilterOnlyNamedLikeSpringSecuritysClosesAnnotatedEndpointsAndSaysSo(CapturedOutput output) {
		// No Spring Security on the class path: nothing would check @RequireScopes against its authentication.
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withBean("springSecurityFilterChain", Filter.class, () -> (request, response, chain) -> chain.doFilter(request, response))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("jwtAuthenticationFilter");
				// The platform's grants, which nothing sets without its filter: annotated endpoints answer 401
				// (JwtAuthorizationInterceptorTests: these grants without a principal are a 401).
				assertThat(context.getBean(JwtWebMvcConfigurer.class)).extracting("callerGrants")
					.isSameAs(CallerGrants.PLATFORM);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(output).contains("Spring Security is not on the class path")
						.contains("answer 401 to every request")
						.doesNotContain("checked against Spring Security's authentication"));
			});
	}

	@Test
	void backsOffForRealSpringSecurityConfiguration(CapturedOutput output) {
		this.runner.withPropertyValues(PUBLIC_KEY, ISSUER, AUDIENCE)
			.withUserConfiguration(SpringSecurityConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasBean(JwtAuthenticationAutoConfiguration.SPRING_SECURITY_FILTER)
					.doesNotHaveBean("jwtAuthenticationFilter");
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(output).contains("the platform JWT filter is NOT registered"));
			});
	}

	@Test
	void failureAnalysisNamesTheProperty() {
		FailureAnalysis analysis = new InvalidJwtConfigurationFailureAnalyzer()
			.analyze(new IllegalStateException(new InvalidJwtConfigurationException("platform.security.jwt.issuer", "is required")));
		assertThat(analysis.getDescription()).contains("'platform.security.jwt.issuer': is required");
		assertThat(analysis.getAction()).contains("platform.security.jwt.issuer");
	}

	private void assertStartupFailure(String property, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidJwtConfigurationException.class)
				.hasMessageContaining("'" + property + "'"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class SpringSecurityConfiguration {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final VerificationKeySource KEYS = (kid) -> TestKeys.RSA.getPublic();

		@Bean
		VerificationKeySource userKeys() {
			return KEYS;
		}

		@Bean
		JwtTokenVerifier userVerifier() {
			return new JwtTokenVerifier(KEYS, java.util.List.of("RS256"), "x", "y", java.time.Duration.ZERO, 1000, 0,
					java.time.Clock.systemUTC(), JwtMetrics.NONE);
		}

	}

}
