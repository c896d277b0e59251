package dev.platform.security.jwt;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Spring Security authenticates (here with HTTP Basic, as any of its mechanisms would), the platform filter
 * stays out, and {@link RequireScopes} is checked against Spring Security's authorities instead of being skipped: a
 * request Spring Security lets through anonymously gets 401 from an annotated endpoint, not its data.
 */
class SpringSecurityAuthorizationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(JwtTestApplication.class, BasicAuthSecurity.class)
			.properties("server.port=0", "spring.application.name=jwt-spring-security",
					"platform.security.jwt.public-key=" + TestKeys.pem(TestKeys.RSA.getPublic()),
					"platform.security.jwt.issuer=" + TestTokens.ISSUER,
					"platform.security.jwt.audience=" + TestTokens.AUDIENCE)
			.run();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void anAnnotatedEndpointRefusesARequestSpringSecurityLetThroughAnonymously() throws Exception {
		HttpResponse<String> response = get("/api/orders", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("orders\"").contains("\"status\":401");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void scopesComeFromSpringSecuritysScopeAuthorities() throws Exception {
		assertThat(get("/api/orders", "reader").statusCode()).isEqualTo(200);
		assertThat(get("/api/orders", "reader").body()).isEqualTo("orders");
		assertThat(get("/api/orders", "nobody").statusCode()).isEqualTo(403);
		assertThat(get("/api/orders/delete", "reader").statusCode()).isEqualTo(403);
		assertThat(get("/api/orders/delete", "writer").statusCode()).isEqualTo(200);
	}

	@Test
	void aBearerTokenIsNotVerifiedByThePlatformBesideSpringSecurity() throws Exception {
		// Valid, with the scope: only a platform filter would have accepted it, and none runs beside Spring Security.
		String token = JwksKeyRotationTests.token("any", TestKeys.RSA);
		HttpRequest request = HttpRequest.newBuilder(uri("/api/orders")).header("Authorization", "Bearer " + token).build();
		assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> get(String path, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (user != null) {
			String credentials = Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
			request.header("Authorization", "Basic " + credentials);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class BasicAuthSecurity {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("reader").password("{noop}pw").authorities("SCOPE_orders:read").build(),
					User.withUsername("writer")
						.password("{noop}pw")
						.authorities("SCOPE_orders:read", "SCOPE_orders:write", "ROLE_admin")
						.build(),
					User.withUsername("nobody").password("{noop}pw").authorities("ROLE_user").build());
		}

	}

}
