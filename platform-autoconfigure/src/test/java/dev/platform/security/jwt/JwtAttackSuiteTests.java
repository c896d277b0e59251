package dev.platform.security.jwt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named attacks against a running service whose keys come from a JWKS on loopback. Every one must end in a
 * clean 401 (or 403) with a Bearer challenge and a problem body, and the attacker's server must never be asked.
 */
@SpringBootTest(classes = JwtTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=jwt-it",
			// Health here is about the token filter letting it through, not about a broker this test does not start.
			"management.health.rabbit.enabled=false" })
class JwtAttackSuiteTests {

	static final LoopbackServer JWKS = new LoopbackServer();

	static final LoopbackServer ATTACKER = new LoopbackServer();

	static final Algorithm RS256 = Algorithm.RSA256((RSAPublicKey) TestKeys.RSA.getPublic(),
			(RSAPrivateKey) TestKeys.RSA.getPrivate());

	static final Algorithm ES256 = Algorithm.ECDSA256((ECPublicKey) TestKeys.EC.getPublic(),
			(ECPrivateKey) TestKeys.EC.getPrivate());

	static final Algorithm OTHER_RS256 = Algorithm.RSA256((RSAPublicKey) TestKeys.OTHER_RSA.getPublic(),
			(RSAPrivateKey) TestKeys.OTHER_RSA.getPrivate());

	static {
		JWKS.respond(200, TestTokens.json(Map.of("keys", List.of(TestKeys.jwk(TestKeys.RSA.getPublic(), "rsa-1"),
				TestKeys.jwk(TestKeys.EC.getPublic(), "ec-1")))));
		ATTACKER.respond(200, TestTokens.json(Map.of("keys",
				List.of(TestKeys.jwk(TestKeys.OTHER_RSA.getPublic(), "rsa-1")))));
	}

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("platform.security.jwt.jwks-uri", () -> JWKS.url("/jwks.json"));
		registry.add("platform.security.jwt.issuer", () -> TestTokens.ISSUER);
		registry.add("platform.security.jwt.audience", () -> TestTokens.AUDIENCE);
		registry.add("platform.security.jwt.algorithms", () -> "RS256,ES256");
		registry.add("management.endpoints.web.exposure.include", () -> "health,info,prometheus");
	}

	@AfterAll
	static void stopServers() {
		JWKS.close();
		ATTACKER.close();
	}

	static Stream<Arguments> attacks() {
		List<Arguments> attacks = new ArrayList<>();
		Consumer<Object[]> add = (entry) -> attacks
			.add(Arguments.of(Named.of((String) entry[0], (entry[1] instanceof List<?> list) ? list : List.of(entry[1]))));
		String valid = valid();
		String[] parts = valid.split("\\.");
		String rsaPem = TestKeys.pem(TestKeys.RSA.getPublic());
		byte[] rsaDer = TestKeys.RSA.getPublic().getEncoded();
		for (String none : List.of("none", "None", "NONE", "nOnE")) {
			add.accept(new Object[] { "alg " + none + " unsigned",
					bearer(TestTokens.unsigned(TestTokens.header(none, "rsa-1"), TestTokens.claims())) });
		}
		add.accept(new Object[] { "alg none with a copied RS256 signature", bearer(
				TestTokens.unsigned(TestTokens.header("none", "rsa-1"), TestTokens.claims()) + parts[2]) });
		add.accept(new Object[] { "HS256 with the RSA public key PEM as secret", bearer(TestTokens
			.sign(TestTokens.header("HS256", "rsa-1"), TestTokens.claims(), Algorithm.HMAC256(rsaPem))) });
		add.accept(new Object[] { "HS256 with the RSA public key DER as secret", bearer(TestTokens
			.sign(TestTokens.header("HS256", "rsa-1"), TestTokens.claims(), Algorithm.HMAC256(rsaDer))) });
		add.accept(new Object[] { "HS384 with the RSA public key PEM as secret", bearer(TestTokens
			.sign(TestTokens.header("HS384", "rsa-1"), TestTokens.claims(), Algorithm.HMAC384(rsaPem))) });
		add.accept(new Object[] { "HS512 with the RSA public key PEM as secret", bearer(TestTokens
			.sign(TestTokens.header("HS512", "rsa-1"), TestTokens.claims(), Algorithm.HMAC512(rsaPem))) });
		add.accept(new Object[] { "RS256 signed by another key",
				bearer(TestTokens.sign(TestTokens.header("RS256", "rsa-1"), TestTokens.claims(), OTHER_RS256)) });
		add.accept(new Object[] { "ES256 signed by another EC key", bearer(TestTokens.sign(
				TestTokens.header("ES256", "ec-1"), TestTokens.claims(), Algorithm.ECDSA256(
						(ECPublicKey) TestKeys.OTHER_EC.getPublic(), (ECPrivateKey) TestKeys.OTHER_EC.getPrivate()))) });
		add.accept(new Object[] { "PS256 by the right key but not allowed", bearer(TestTokens.sign(
				TestTokens.header("PS256", "rsa-1"), TestTokens.claims(), Algorithm.RSA256PSS(
						(RSAPublicKey) TestKeys.RSA.getPublic(), (RSAPrivateKey) TestKeys.RSA.getPrivate()))) });
		add.accept(new Object[] { "RS384 by the right key but not allowed", bearer(TestTokens.sign(
				TestTokens.header("RS384", "rsa-1"), TestTokens.claims(), Algorithm.RSA384(
						(RSAPublicKey) TestKeys.RSA.getPublic(), (RSAPrivateKey) TestKeys.RSA.getPrivate()))) });
		add.accept(new Object[] { "RS256 header on the EC key's kid",
				bearer(TestTokens.sign(TestTokens.header("RS256", "ec-1"), TestTokens.claims(), RS256)) });
		add.accept(new Object[] { "ES256 header on the RSA key's kid",
				bearer(TestTokens.sign(TestTokens.header("ES256", "rsa-1"), TestTokens.claims(), ES256)) });
		add.accept(new Object[] { "all-zero ES256 signature", bearer(TestTokens.b64(TestTokens.json(
				TestTokens.header("ES256", "ec-1"))) + "." + TestTokens.b64(TestTokens.json(TestTokens.claims()))
				+ "." + TestTokens.b64(new byte[64])) });
		Map<String, Object> tampered = TestTokens.claims();
		tampered.put("sub", "admin");
		add.accept(new Object[] { "tampered payload", bearer(parts[0] + "." + TestTokens.b64(TestTokens.json(tampered))
				+ "." + parts[2]) });
		Map<String, Object> tamperedHeader = TestTokens.header("RS256", "rsa-1");
		tamperedHeader.put("x-extra", "1");
		add.accept(new Object[] { "tampered header", bearer(TestTokens.b64(TestTokens.json(tamperedHeader)) + "."
				+ parts[1] + "." + parts[2]) });
		add.accept(new Object[] { "tampered signature", bearer(parts[0] + "." + parts[1] + "."
				+ (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1)) });
		add.accept(new Object[] { "truncated signature",
				bearer(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 8)) });
		add.accept(new Object[] { "non-canonical base64 in the signature", bearer(parts[0] + "." + parts[1] + "."
				+ parts[2].substring(0, parts[2].length() - 1) + nonCanonicalLast(parts[2])) });
		long now = Instant.now().getEpochSecond();
		add.accept(new Object[] { "expired", signed((c) -> {
			c.put("iat", now - 3600);
			c.put("exp", now - 600);
		}) });
		add.accept(new Object[] { "nbf in the future", signed((c) -> c.put("nbf", now + 600)) });
		add.accept(new Object[] { "iat in the future", signed((c) -> c.put("iat", now + 600)) });
		add.accept(new Object[] { "missing exp", signed((c) -> c.remove("exp")) });
		add.accept(new Object[] { "exp as a string", signed((c) -> c.put("exp", "tomorrow")) });
		add.accept(new Object[] { "missing sub", signed((c) -> c.remove("sub")) });
		add.accept(new Object[] { "wrong iss", signed((c) -> c.put("iss", "https://evil.example.test")) });
		add.accept(new Object[] { "missing iss", signed((c) -> c.remove("iss")) });
		add.accept(new Object[] { "wrong aud", signed((c) -> c.put("aud", "billing-service")) });
		add.accept(new Object[] { "aud list without ours", signed((c) -> c.put("aud", List.of("a", "b"))) });
		add.accept(new Object[] { "missing aud", signed((c) -> c.remove("aud")) });
		add.accept(new Object[] { "crit header", signedHeader((h) -> h.put("crit", List.of("exp"))) });
		add.accept(new Object[] { "unknown typ", signedHeader((h) -> h.put("typ", "secevent+jwt")) });
		add.accept(new Object[] { "jku at the attacker", attackerSigned((h) -> h.put("jku", ATTACKER.url("/jwks"))) });
		add.accept(new Object[] { "x5u at the attacker", attackerSigned((h) -> h.put("x5u", ATTACKER.url("/cert"))) });
		add.accept(new Object[] { "embedded jwk of the attacker", attackerSigned(
				(h) -> h.put("jwk", TestKeys.jwk(TestKeys.OTHER_RSA.getPublic(), "rsa-1"))) });
		add.accept(new Object[] { "embedded x5c chain", attackerSigned((h) -> h.put("x5c",
				List.of(Base64.getEncoder().encodeToString(ATTACKER.url("/x5c").getBytes(StandardCharsets.UTF_8))))) });
		add.accept(new Object[] { "kid path traversal", attackerSigned((h) -> h.put("kid", "../../../../etc/passwd")) });
		add.accept(new Object[] { "kid SQL injection", attackerSigned((h) -> h.put("kid", "' OR '1'='1")) });
		add.accept(new Object[] { "kid with CRLF", attackerSigned((h) -> h.put("kid", "rsa-1\r\nX-Injected: 1")) });
		add.accept(new Object[] { "kid is the attacker's URL", attackerSigned((h) -> h.put("kid", ATTACKER.url("/k"))) });
		add.accept(new Object[] { "kid of 300 characters", attackerSigned((h) -> h.put("kid", "k".repeat(300))) });
		add.accept(new Object[] { "missing kid", attackerSigned((h) -> h.remove("kid")) });
		add.accept(new Object[] { "oversized token", bearer(parts[0] + "." + "A".repeat(7000) + "." + parts[2]) });
		add.accept(new Object[] { "two segments", bearer(parts[0] + "." + parts[1]) });
		add.accept(new Object[] { "four segments", bearer(valid + "." + parts[2]) });
		add.accept(new Object[] { "five segments (JWE shape)", bearer(parts[0] + ".." + parts[1] + ".." + parts[2]) });
		add.accept(new Object[] { "empty token", "Bearer " });
		add.accept(new Object[] { "scheme only", "Bearer" });
		add.accept(new Object[] { "garbage base64", bearer("!!!.@@@.###") });
		add.accept(new Object[] { "base64 that is not JSON", bearer(TestTokens.b64("hello") + "."
				+ TestTokens.b64("world") + "." + parts[2]) });
		add.accept(new Object[] { "header is a JSON array", bearer(TestTokens.b64("[1,2]") + "." + parts[1] + "."
				+ parts[2]) });
		add.accept(new Object[] { "lower-case scheme with a forged token", "bearer " + TestTokens
			.sign(TestTokens.header("HS256", "rsa-1"), TestTokens.claims(), Algorithm.HMAC256(rsaPem)) });
		add.accept(new Object[] { "Basic scheme", "Basic dXNlcjpwYXNz" });
		add.accept(new Object[] { "token in a second Authorization header", List.of("Basic dXNlcjpwYXNz", bearer(valid)) });
		add.accept(new Object[] { "several Authorization headers", List.of(bearer(valid), bearer(valid)) });
		add.accept(new Object[] { "comma-joined credentials", bearer(valid) + ", " + bearer(valid) });
		return attacks.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("attacks")
	void rejectsAttackWithBearerChallengeAndProblemBody(List<String> authorization) throws Exception {
		int attackerRequests = ATTACKER.requests();
		HttpResponse<String> response = get("/api/me", authorization);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\", error_description=\""));
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":401", "\"traceId\":\"" + JwtTestApplication.TRACE_ID + "\"");
		for (String value : authorization) {
			String token = value.length() > 7 ? value.substring(7) : value;
			if (token.length() > 10) {
				assertThat(response.body()).doesNotContain(token);
				assertThat(response.headers().map().toString()).doesNotContain(token);
			}
		}
		assertThat(ATTACKER.requests()).isEqualTo(attackerRequests).isZero();
	}

	@Test
	void attackSuiteHasAtLeastFortyCases() {
		assertThat(attacks().count()).isGreaterThanOrEqualTo(40);
	}

	@Test
	void acceptsValidRs256AndEs256Tokens() throws Exception {
		assertThat(get("/api/me", List.of(bearer(valid()))).statusCode()).isEqualTo(200);
		String es256 = TestTokens.sign(TestTokens.header("ES256", "ec-1"), TestTokens.claims(), ES256);
		assertThat(get("/api/me", List.of(bearer(es256))).body()).contains("\"subject\":\"user-42\"");
	}

	@Test
	void acceptsCaseInsensitiveSchemeAsRfc9110Requires() throws Exception {
		assertThat(get("/api/me", List.of("bearer " + valid())).statusCode()).isEqualTo(200);
		// Extra whitespace around the credential is not part of it.
		assertThat(get("/api/me", List.of("Bearer   " + valid() + " \t")).statusCode()).isEqualTo(200);
	}

	@Test
	void rejectsSecondAuthorizationHeaderAndBearerWithoutCredential() throws Exception {
		assertThat(get("/api/me", List.of(bearer(valid()), bearer(valid()))).statusCode()).isEqualTo(401);
		assertThat(get("/api/me", List.of("Bearer    ")).statusCode()).isEqualTo(401);
		assertThat(get("/api/me", List.of("Bearer")).statusCode()).isEqualTo(401);
	}

	@Test
	void answersMissingTokenWithPlainBearerChallenge() throws Exception {
		HttpResponse<String> response = get("/api/me", List.of());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.body()).contains("\"detail\":\"Missing bearer token\"");
	}

	@Test
	void answersMissingScopeWith403InsufficientScope() throws Exception {
		HttpResponse<String> response = get("/api/orders/delete", List.of(bearer(valid())));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((value) -> assertThat(value)
			.startsWith("Bearer error=\"insufficient_scope\"")
			.contains("scope=\"orders:read orders:write\""));
		assertThat(response.body()).contains("\"status\":403");
		assertThat(get("/api/orders", List.of(bearer(valid()))).body()).isEqualTo("orders");
	}

	@Test
	void answersMissingRoleWith403AndAcceptsAnyListedRole() throws Exception {
		assertThat(get("/api/admin", List.of(bearer(valid()))).statusCode()).isEqualTo(403);
		String ops = TestTokens.sign(TestTokens.header("RS256", "rsa-1"), withRoles("ops"), RS256);
		assertThat(get("/api/admin", List.of(bearer(ops))).body()).isEqualTo("admin");
	}

	@Test
	void injectsPrincipalAndPutsOpaqueSubjectIdIntoMdcAndSpan() throws Exception {
		String token = valid();
		String body = get("/api/me", List.of(bearer(token))).body();
		String subjectId = new JwtPrincipal("user-42", TestTokens.ISSUER, List.of(), java.util.Set.of(),
				java.util.Set.of(), Instant.now(), null, Map.of()).subjectId();
		assertThat(body).contains("\"subject\":\"user-42\"", "\"userPrincipal\":\"user-42\"",
				"\"mdc\":\"" + subjectId + "\"", "\"relayed\":\"" + token + "\"");
		assertThat(body).contains(JwtAuthenticationFilter.SUBJECT_KEY + "=" + subjectId);
		assertThat(body).doesNotContain("\"mdc\":\"user-42\"");
	}

	@Test
	void servesHealthInfoAndPrometheusWithoutToken() throws Exception {
		assertThat(get("/actuator/health", List.of()).statusCode()).isEqualTo(200);
		get("/api/me", List.of(bearer("x.y.z")));
		HttpResponse<String> scrape = get("/actuator/prometheus", List.of());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).containsPattern("platform_security_jwt_verifications_total\\{[^}]*outcome=\"malformed\"")
			.contains("platform_security_jwt_cache_requests_total", "platform_security_jwt_jwks_fetches_total");
	}

	@Test
	void doesNotTreatDotSegmentsAfterPublicPrefixAsPublic() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/%2E%2E/%2E%2E/api/me"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isIn(400, 401, 404);
		assertThat(response.body()).doesNotContain("user-42");
	}

	/**
	 * Paths the container resolves to a public path while Spring MVC routes them to a protected handler (or the
	 * other way round), sent byte for byte as written, without a token.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/files/../actuator/health", "/files/%2e%2e/actuator/health", "/files/x/../../actuator/info",
			"/files/..;/actuator/health", "/files;x/../actuator/health", "/files/../.well-known/jwks.json",
			"/actuator/info%3Bx", "/actuator/prometheus%3B", "/actuator/health;x/y" })
	void aPathThatOnlyLooksPublicStillNeedsAToken(String path) throws Exception {
		String response = rawGet(path);
		assertThat(response).doesNotContain("SECRET");
		assertThat(response.lines().findFirst().orElse("")).matches("HTTP/1\\.1 (400|401|404) .*");
	}

	@Test
	void aProtectedCatchAllAnswers401WithoutAToken() throws Exception {
		assertThat(rawGet("/files/a")).startsWith("HTTP/1.1 401 ").doesNotContain("SECRET");
	}

	private String rawGet(String path) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private HttpResponse<String> get(String path, List<String> authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		authorization.forEach((value) -> request.header("Authorization", value));
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String valid() {
		return TestTokens.sign(TestTokens.header("RS256", "rsa-1"), TestTokens.claims(), RS256);
	}

	private static Map<String, Object> withRoles(String... roles) {
		Map<String, Object> claims = TestTokens.claims();
		claims.put("roles", List.of(roles));
		return claims;
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static String signed(Consumer<Map<String, Object>> change) {
		Map<String, Object> claims = TestTokens.claims();
		change.accept(claims);
		return bearer(TestTokens.sign(TestTokens.header("RS256", "rsa-1"), claims, RS256));
	}

	private static String signedHeader(Consumer<Map<String, Object>> change) {
		Map<String, Object> header = TestTokens.header("RS256", "rsa-1");
		change.accept(header);
		return bearer(TestTokens.sign(header, TestTokens.claims(), RS256));
	}

	private static String attackerSigned(Consumer<Map<String, Object>> change) {
		Map<String, Object> header = TestTokens.header("RS256", "rsa-1");
		change.accept(header);
		return bearer(TestTokens.sign(header, TestTokens.claims(), OTHER_RS256));
	}

	private static char nonCanonicalLast(String segment) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int index = alphabet.indexOf(segment.charAt(segment.length() - 1));
		return alphabet.charAt(index ^ 1);
	}

}
