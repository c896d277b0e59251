package dev.platform.security.jwt;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.platform.events.EventsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login service issues tokens and publishes its JWKS; an API service in another application context verifies
 * them, across a key rotation, without a failed request.
 */
class JwtIssuanceRoundTripTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void verifiesIssuedTokensInAnotherContextAcrossKeyRotation() throws Exception {
		KeyPair first = TestKeys.RSA;
		KeyPair second = TestKeys.OTHER_RSA;
		ConfigurableApplicationContext issuer = startIssuer(0, first, null);
		int issuerPort = port(issuer);
		try (ConfigurableApplicationContext api = new SpringApplicationBuilder(JwtTestApplication.class).properties(
				"server.port=0", "spring.application.name=jwt-it", "platform.security.jwt.jwks-uri=http://127.0.0.1:" + issuerPort + "/.well-known/jwks.json",
				"platform.security.jwt.issuer=" + TestTokens.ISSUER, "platform.security.jwt.audience=" + TestTokens.AUDIENCE,
				"platform.security.jwt.jwks-refetch-interval=1s")
			.run()) {
			String before = issuer.getBean(JwtIssuer.class).issue("user-7", List.of("orders:read"));
			assertThat(call(api, "/api/orders", before)).isEqualTo(200);
			assertThat(call(api, "/api/me", before)).isEqualTo(200);

			long firstFetch = System.nanoTime();
			issuer.close();
			issuer = startIssuer(issuerPort, second, first);
			// The verifier fetches the JWKS again for an unknown kid once the refetch interval (1s) has passed.
			Thread.sleep(Math.max(0, 1100 - (System.nanoTime() - firstFetch) / 1_000_000));
			JwtIssuer rotated = issuer.getBean(JwtIssuer.class);
			String after = rotated.issue("user-7", List.of("orders:read"));
			assertThat(JWT.decode(after).getKeyId()).isNotEqualTo(JWT.decode(before).getKeyId());
			assertThat(call(api, "/api/orders", after)).isEqualTo(200);
			assertThat(call(api, "/api/orders", before)).isEqualTo(200);
			assertThat(rotated.jwks().toString()).contains(JWT.decode(before).getKeyId(), rotated.keyId());
		}
		finally {
			issuer.close();
		}
	}

	@Test
	void issuesTokensWithAllRegisteredClaims() {
		try (ConfigurableApplicationContext issuer = startIssuer(0, TestKeys.RSA, null)) {
			String token = issuer.getBean(JwtIssuer.class).issue("user-7", List.of("a", "b"), Map.of("tenant", "t1"));
			DecodedJWT jwt = JWT.decode(token);
			assertThat(jwt.getAlgorithm()).isEqualTo("RS256");
			assertThat(jwt.getKeyId()).isEqualTo(RsaJwk.thumbprint((java.security.interfaces.RSAPublicKey) TestKeys.RSA.getPublic()));
			assertThat(jwt.getIssuer()).isEqualTo(TestTokens.ISSUER);
			assertThat(jwt.getAudience()).containsExactly(TestTokens.AUDIENCE);
			assertThat(jwt.getSubject()).isEqualTo("user-7");
			assertThat(jwt.getId()).isNotBlank();
			assertThat(jwt.getClaim("scope").asString()).isEqualTo("a b");
			assertThat(jwt.getClaim("tenant").asString()).isEqualTo("t1");
			assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(jwt.getIssuedAtAsInstant().plusSeconds(300));
		}
	}

	@Test
	void scopesCannotBeSmuggledInAsAnExtraClaim() {
		try (ConfigurableApplicationContext issuer = startIssuer(0, TestKeys.RSA, null)) {
			JwtIssuer jwtIssuer = issuer.getBean(JwtIssuer.class);
			// The verifier reads 'scp' as scopes too.
			for (String claim : List.of("scope", "scp")) {
				org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
					.isThrownBy(() -> jwtIssuer.issue("user-7", List.of(), Map.of(claim, List.of("admin"))))
					.withMessage("claim '" + claim + "' is set by the issuer");
			}
		}
	}

	@Test
	void servesJwksWithoutTokenEvenWhereVerificationIsOn() throws Exception {
		try (ConfigurableApplicationContext issuer = new SpringApplicationBuilder(IssuerApplication.class).properties(
				"server.port=0", "spring.application.name=jwt-it", "platform.security.jwt.issuer=" + TestTokens.ISSUER,
				"platform.security.jwt.audience=" + TestTokens.AUDIENCE,
				"platform.security.jwt.issuance.private-key=" + TestKeys.pem(TestKeys.RSA.getPrivate()),
				"platform.security.jwt.public-key=" + TestKeys.pem(TestKeys.RSA.getPublic()))
			.run()) {
			HttpResponse<String> response = HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port(issuer) + "/.well-known/jwks.json"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"kty\":\"RSA\"", "\"use\":\"sig\"", "\"alg\":\"RS256\"");
			assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying((v) -> assertThat(v).contains("max-age=300"));
		}
	}

	private static ConfigurableApplicationContext startIssuer(int port, KeyPair current, KeyPair previous) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(IssuerApplication.class).properties(
				"server.port=" + port, "spring.application.name=jwt-issuer", "platform.security.jwt.issuer=" + TestTokens.ISSUER,
				"platform.security.jwt.issuance.audiences=" + TestTokens.AUDIENCE,
				"platform.security.jwt.issuance.private-key=" + TestKeys.pem(current.getPrivate()));
		if (previous != null) {
			builder.properties("platform.security.jwt.issuance.previous-public-key=" + TestKeys.pem(previous.getPublic()));
		}
		return builder.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int call(ConfigurableApplicationContext api, String path, String token) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(api) + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	/** Uses no events: Spring AMQP and H2 are on the test class path, the events schema is not. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = EventsAutoConfiguration.class)
	static class IssuerApplication {

	}

}
