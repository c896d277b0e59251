package dev.platform.security.jwt;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Time-dependent checks and the verification cache, with a settable clock.
 */
class JwtTokenVerifierTests {

	private static final Algorithm RS256 = Algorithm.RSA256((RSAPublicKey) TestKeys.RSA.getPublic(),
			(RSAPrivateKey) TestKeys.RSA.getPrivate());

	private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final AtomicInteger keyLookups = new AtomicInteger();

	private final JwtTokenVerifier verifier = verifier(List.of("RS256", "PS256"), 3);

	@Test
	void acceptsExpiryWithinClockSkewAndRejectsBeyond() {
		String token = token(Map.of("exp", NOW.getEpochSecond() - 20));
		assertThat(this.verifier.verify(token).subject()).isEqualTo("user-42");
		String older = token(Map.of("exp", NOW.getEpochSecond() - 40));
		assertOutcome(older, JwtOutcome.EXPIRED);
	}

	@Test
	void rejectsNotBeforeAndIssuedAtBeyondClockSkew() {
		assertThat(this.verifier.verify(token(Map.of("nbf", NOW.getEpochSecond() + 20))).subject()).isEqualTo("user-42");
		assertOutcome(token(Map.of("nbf", NOW.getEpochSecond() + 40)), JwtOutcome.NOT_YET_VALID);
		assertOutcome(token(Map.of("iat", NOW.getEpochSecond() + 40)), JwtOutcome.NOT_YET_VALID);
	}

	@Test
	void servesCachedResultWithoutVerifyingAgainWhileAFreshVerificationWouldAcceptIt() {
		String token = token(Map.of("exp", NOW.getEpochSecond() + 60));
		this.verifier.verify(token);
		this.verifier.verify(token);
		assertThat(this.keyLookups).hasValue(1);
		// Past exp but inside the 30 s clock skew: still accepted, and from the cache, not verified again each time.
		this.clock.set(NOW.plusSeconds(61));
		this.verifier.verify(token);
		this.clock.set(NOW.plusSeconds(89));
		this.verifier.verify(token);
		assertThat(this.keyLookups).hasValue(1);
		this.clock.set(NOW.plusSeconds(90));
		assertOutcome(token, JwtOutcome.EXPIRED);
		assertThat(this.keyLookups).as("verified afresh once the cached entry is dropped").hasValue(2);
	}

	@Test
	void boundsCacheSize() {
		for (int i = 0; i < 10; i++) {
			this.verifier.verify(token(Map.of("jti", "t" + i)));
		}
		assertThat(this.verifier.cacheSize()).isEqualTo(3);
	}

	@Test
	void acceptsAccessTokenTypeAndConfiguredPs256() {
		Map<String, Object> header = TestTokens.header("PS256", "k");
		header.put("typ", "at+jwt");
		String token = TestTokens.sign(header, claims(Map.of()), Algorithm.RSA256PSS(
				(RSAPublicKey) TestKeys.RSA.getPublic(), (RSAPrivateKey) TestKeys.RSA.getPrivate()));
		JwtPrincipal principal = verifier(List.of("PS256"), 0).verify(token);
		assertThat(principal.scopes()).containsExactlyInAnyOrder("orders:read", "profile");
	}

	@Test
	void readsScopesFromScpAndRolesFromRolesClaim() {
		JwtPrincipal principal = this.verifier.verify(token(Map.of("scp", List.of("a", "b"), "roles", "admin admin")));
		assertThat(principal.scopes()).contains("a", "b", "orders:read");
		assertThat(principal.roles()).containsExactly("admin");
		assertThat(principal.hasScopes("a", "b")).isTrue();
		assertThat(principal.hasAnyRole("ops", "admin")).isTrue();
		assertThat(principal.toString()).doesNotContain("user-42");
	}

	@Test
	void splitsScopeOnAnyWhitespaceAndRejectsScopeListsOfOtherTypes() {
		JwtPrincipal principal = this.verifier.verify(token(Map.of("scope", " a\tb  c\n", "roles", List.of("x", "x"))));
		assertThat(principal.scopes()).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(principal.roles()).containsExactly("x");
		assertThat(this.verifier.verify(token(Map.of("scope", "  ", "roles", 7))).scopes()).isEmpty();
		assertOutcome(token(Map.of("scp", List.of("a", 1))), JwtOutcome.INVALID_CLAIM);
		assertOutcome(token(Map.of("roles", List.of(List.of("admin")))), JwtOutcome.INVALID_CLAIM);
	}

	@Test
	void reusedRsaSignatureVerifiesAnyDecodedJwtNotOnlyItsOwn() {
		String token = token(Map.of());
		ReusedRsaSignature algorithm = ReusedRsaSignature.forAlg("RS256", (RSAPublicKey) TestKeys.RSA.getPublic());
		algorithm.verify(com.auth0.jwt.JWT.decode(token));
		algorithm.verify(CompactJws.parse(token));
		String tampered = token.substring(0, token.lastIndexOf('.')) + "." + token(Map.of("sub", "x"))
			.substring(token.lastIndexOf('.') + 1);
		assertThatExceptionOfType(com.auth0.jwt.exceptions.SignatureVerificationException.class)
			.isThrownBy(() -> algorithm.verify(com.auth0.jwt.JWT.decode(tampered)));
		assertThatExceptionOfType(com.auth0.jwt.exceptions.SignatureVerificationException.class)
			.isThrownBy(() -> algorithm.verify(CompactJws.parse(tampered)));
	}

	@Test
	void acceptsRs384AndRs512AndRejectsTheirTamperedForms() {
		RSAPublicKey publicKey = (RSAPublicKey) TestKeys.RSA.getPublic();
		RSAPrivateKey privateKey = (RSAPrivateKey) TestKeys.RSA.getPrivate();
		JwtTokenVerifier verifier = verifier(List.of("RS384", "RS512"), 0);
		for (Algorithm algorithm : List.of(Algorithm.RSA384(publicKey, privateKey),
				Algorithm.RSA512(publicKey, privateKey))) {
			String token = TestTokens.sign(TestTokens.header(algorithm.getName(), "k"), claims(Map.of()), algorithm);
			assertThat(verifier.verify(token).subject()).isEqualTo("user-42");
			String otherPayload = TestTokens.sign(TestTokens.header(algorithm.getName(), "k"),
					claims(Map.of("sub", "user-43")), algorithm);
			String swapped = token.substring(0, token.lastIndexOf('.'))
					+ otherPayload.substring(otherPayload.lastIndexOf('.'));
			assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> verifier.verify(swapped))
				.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.BAD_SIGNATURE));
		}
	}

	@Test
	void aRejectedSignatureLeavesTheThreadsVerifierCleanForTheNextToken() {
		JwtTokenVerifier verifier = verifier(List.of("RS256"), 0);
		String token = token(Map.of());
		String body = token.substring(0, token.lastIndexOf('.') + 1);
		// A signature of the wrong length makes the JDK throw, one of the right length just fails to verify.
		String shortSignature = body + "AAAA";
		String wrongSignature = body + token(Map.of("sub", "user-43")).substring(token.lastIndexOf('.') + 1);
		for (String bad : List.of(shortSignature, wrongSignature, shortSignature)) {
			assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> verifier.verify(bad))
				.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.BAD_SIGNATURE));
			assertThat(verifier.verify(token).subject()).isEqualTo("user-42");
		}
	}

	@Test
	void buildsOneSignatureAlgorithmPerAlgorithmAndKey() {
		JwtTokenVerifier verifier = verifier(List.of("RS256", "PS256"), 0);
		for (int i = 0; i < 5; i++) {
			verifier.verify(token(Map.of("jti", "t" + i)));
		}
		assertThat(verifier.verifierCount()).isEqualTo(1);
		Map<String, Object> header = TestTokens.header("PS256", "k");
		verifier.verify(TestTokens.sign(header, claims(Map.of()), Algorithm.RSA256PSS(
				(RSAPublicKey) TestKeys.RSA.getPublic(), (RSAPrivateKey) TestKeys.RSA.getPrivate())));
		assertThat(verifier.verifierCount()).isEqualTo(2);
	}

	@Test
	void alternatingKeysEachVerifyOnlyTheirOwnTokens() {
		Map<String, java.security.PublicKey> keys = Map.of("a", TestKeys.RSA.getPublic(), "b",
				TestKeys.OTHER_RSA.getPublic());
		JwtTokenVerifier verifier = new JwtTokenVerifier(keys::get, List.of("RS256"), TestTokens.ISSUER,
				TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, 0, this.clock, JwtMetrics.NONE);
		Algorithm signedByA = RS256;
		Algorithm signedByB = Algorithm.RSA256((RSAPublicKey) TestKeys.OTHER_RSA.getPublic(),
				(RSAPrivateKey) TestKeys.OTHER_RSA.getPrivate());
		String fromA = TestTokens.sign(TestTokens.header("RS256", "a"), claims(Map.of()), signedByA);
		String fromB = TestTokens.sign(TestTokens.header("RS256", "b"), claims(Map.of("sub", "user-b")), signedByB);
		// Each kid names the other key: a verifier found again for the previous key would accept them.
		String aClaimingB = TestTokens.sign(TestTokens.header("RS256", "b"), claims(Map.of()), signedByA);
		String bClaimingA = TestTokens.sign(TestTokens.header("RS256", "a"), claims(Map.of()), signedByB);
		for (int i = 0; i < 3; i++) {
			assertThat(verifier.verify(fromA).subject()).isEqualTo("user-42");
			assertOutcome(verifier, aClaimingB, JwtOutcome.BAD_SIGNATURE);
			assertThat(verifier.verify(fromB).subject()).isEqualTo("user-b");
			assertOutcome(verifier, bClaimingA, JwtOutcome.BAD_SIGNATURE);
		}
		assertThat(verifier.verifierCount()).isEqualTo(2);
	}

	@Test
	void cachedVerifierStillReadsTheClockAtEachVerification() {
		JwtTokenVerifier verifier = verifier(List.of("RS256"), 0);
		String token = token(Map.of("exp", NOW.getEpochSecond() + 60));
		verifier.verify(token);
		this.clock.set(NOW.plusSeconds(120));
		assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.EXPIRED));
	}

	@Test
	void exposesEveryClaimAsPlainJavaValues() {
		JwtPrincipal principal = this.verifier.verify(token(Map.of("tenant", Map.of("id", 7, "tags", List.of("x")),
				"flag", true, "ratio", 0.5)));
		assertThat(principal.claims()).containsEntry("sub", "user-42")
			.containsEntry("flag", true)
			.containsEntry("ratio", 0.5)
			.containsEntry("tenant", Map.of("id", 7, "tags", List.of("x")))
			.containsKeys("iss", "aud", "iat", "scope");
		assertThat(((Number) principal.claims().get("exp")).longValue()).isEqualTo(NOW.getEpochSecond() + 300);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> principal.claims().put("sub", "someone-else"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> principal.claims().entrySet().clear());
		assertThat(principal.claims()).isEqualTo(Map.copyOf(principal.claims()));
	}

	@Test
	void checksTimesInWholeSecondsWithTheClockSkewAsJavaJwtDoes() {
		// Skew 30 s; the clock is 0.9 s past the second, which counts as the second itself.
		this.clock.set(NOW.plusMillis(900));
		long now = NOW.getEpochSecond();
		assertThat(this.verifier.verify(token(Map.of("exp", now - 29))).subject()).isEqualTo("user-42");
		assertOutcome(token(Map.of("exp", now - 30)), JwtOutcome.EXPIRED);
		assertThat(this.verifier.verify(token(Map.of("nbf", now + 30, "iat", now + 30))).subject())
			.isEqualTo("user-42");
		assertOutcome(token(Map.of("nbf", now + 31)), JwtOutcome.NOT_YET_VALID);
		assertOutcome(token(Map.of("iat", now + 31)), JwtOutcome.NOT_YET_VALID);
	}

	@Test
	void namesTheRegisteredClaimThatIsMissingWrongOrNull() {
		for (String required : List.of("iss", "aud", "sub", "exp")) {
			Map<String, Object> claims = claims(Map.of());
			claims.remove(required);
			assertOutcome(TestTokens.sign(TestTokens.header("RS256", "k"), claims, RS256), JwtOutcome.MISSING_CLAIM);
			claims.put(required, null);
			assertOutcome(TestTokens.sign(TestTokens.header("RS256", "k"), claims, RS256), JwtOutcome.MISSING_CLAIM);
		}
		assertOutcome(token(Map.of("iss", "https://other.example.test")), JwtOutcome.WRONG_ISSUER);
		assertOutcome(token(Map.of("aud", List.of("billing", "shipping"))), JwtOutcome.WRONG_AUDIENCE);
		assertThat(this.verifier.verify(token(Map.of("aud", List.of("billing", TestTokens.AUDIENCE)))).audience())
			.containsExactly("billing", TestTokens.AUDIENCE);
	}

	@Test
	void rejectsSignedTokensWhoseClaimsAreAmbiguousOrMistyped() {
		String valid = TestTokens.json(claims(Map.of()));
		String body = valid.substring(0, valid.length() - 1);
		for (String claimsJson : List.of(body + ",\"sub\":\"admin\"}", body + ",\"exp\":\"tomorrow\"}",
				body + ",\"exp\":99999999999999999999999}", body + ",\"nbf\":1e400}", body + ",\"aud\":[1]}",
				body + ",\"iss\":7}", body + ",\"jti\":{}}", body + "}{}", "[" + valid + "]")) {
			String token = TestTokens.signRaw(TestTokens.json(TestTokens.header("RS256", "k")), claimsJson, RS256);
			assertOutcome(token, JwtOutcome.MALFORMED);
		}
		String headerWithDuplicate = "{\"alg\":\"RS256\",\"kid\":\"k\",\"alg\":\"none\"}";
		assertOutcome(TestTokens.signRaw(headerWithDuplicate, valid, RS256), JwtOutcome.MALFORMED);
		assertOutcome(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":7}", valid, RS256), JwtOutcome.MALFORMED);
	}

	@Test
	void verifiesWithoutLoadingJackson2() throws Exception {
		String token = token(Map.of());
		try (Jackson2HidingClassLoader loader = new Jackson2HidingClassLoader()) {
			String principal = loader.verify(token, TestKeys.RSA.getPublic(), this.clock);
			assertThat(principal).isEqualTo(this.verifier.verify(token).toString());
			assertThat(loader.refused()).isEmpty();
			// The harness would notice: java-jwt's own decoder cannot run there.
			assertThatExceptionOfType(java.lang.reflect.InvocationTargetException.class)
				.isThrownBy(() -> loader.loadClass("com.auth0.jwt.JWT").getMethod("decode", String.class)
					.invoke(null, token))
				.withCauseInstanceOf(NoClassDefFoundError.class);
			assertThat(loader.refused()).isNotEmpty();
		}
	}

	@Test
	void rejectsTokenWhenKeySourceKnowsNoKey() {
		JwtTokenVerifier noKeys = new JwtTokenVerifier((kid) -> null, List.of("RS256"), TestTokens.ISSUER,
				TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, 10, this.clock, JwtMetrics.NONE);
		assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> noKeys.verify(token(Map.of())))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY));
	}

	@Test
	void acceptsEsAlgorithmsOnlyOnTheirOwnCurve() {
		// RFC 7518 3.4: ES512 is ECDSA over P-521; a token claiming it over a P-256 key is not an ES512 token.
		JwtTokenVerifier verifier = new JwtTokenVerifier((kid) -> TestKeys.EC.getPublic(), List.of("ES256", "ES512"),
				TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, 0, this.clock, JwtMetrics.NONE);
		Algorithm es512OnP256 = Algorithm.ECDSA512((ECPublicKey) TestKeys.EC.getPublic(),
				(ECPrivateKey) TestKeys.EC.getPrivate());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> verifier.verify(TestTokens.sign(TestTokens.header("ES512", "ec"), claims(Map.of()),
					es512OnP256)));
		Algorithm es256 = Algorithm.ECDSA256((ECPublicKey) TestKeys.EC.getPublic(),
				(ECPrivateKey) TestKeys.EC.getPrivate());
		assertThat(verifier.verify(TestTokens.sign(TestTokens.header("ES256", "ec"), claims(Map.of()), es256))
			.subject()).isEqualTo(TestTokens.claims().get("sub"));
	}

	private static void assertOutcome(JwtTokenVerifier verifier, String token, JwtOutcome outcome) {
		assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(outcome));
	}

	private void assertOutcome(String token, JwtOutcome outcome) {
		assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(outcome))
			.withMessage(outcome.description());
	}

	private JwtTokenVerifier verifier(List<String> algorithms, int cacheSize) {
		return new JwtTokenVerifier((kid) -> {
			this.keyLookups.incrementAndGet();
			return TestKeys.RSA.getPublic();
		}, algorithms, TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, cacheSize, this.clock,
				JwtMetrics.NONE);
	}

	private static String token(Map<String, Object> overrides) {
		return TestTokens.sign(TestTokens.header("RS256", "k"), claims(overrides), RS256);
	}

	private static Map<String, Object> claims(Map<String, Object> overrides) {
		Map<String, Object> claims = TestTokens.claims();
		claims.put("iat", NOW.getEpochSecond() - 10);
		claims.put("exp", NOW.getEpochSecond() + 300);
		claims.putAll(overrides);
		return claims;
	}

	private static boolean canonical(String token) {
		return CompactJws.isCompactCanonical(token.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@Test
	void compactFormIsThreeCanonicalBase64urlSegments() {
		assertThat(canonical("eyJh.eyJz.c2ln")).isTrue();
		// Remainders 2 and 3 with the unused bits clear: "QQ" is one byte, "QUE" two.
		assertThat(canonical("QQ.QUE.c2ln")).isTrue();
		// The same bytes with unused bits set: the lenient decoder accepts them, a canonical check must not.
		assertThat(canonical("QR.QUE.c2ln")).isFalse();
		assertThat(canonical("QQ.QUF.c2ln")).isFalse();
		assertThat(canonical("QUJDR.eyJz.c2ln")).as("remainder 1").isFalse();
		assertThat(canonical("eyJh.eyJz")).as("two segments").isFalse();
		assertThat(canonical("eyJh.eyJz.c2ln.c2ln")).as("four segments").isFalse();
		assertThat(canonical("eyJh..c2ln")).as("empty segment").isFalse();
		assertThat(canonical(".eyJz.c2ln")).as("empty first").isFalse();
		assertThat(canonical("eyJh.eyJz.")).as("empty last").isFalse();
		assertThat(canonical("eyJh.ey+z.c2ln")).as("base64, not base64url").isFalse();
		assertThat(canonical("eyJh.eyJz.c2k=")).as("padding").isFalse();
		assertThat(canonical("eyJh.ey\u00c9z.c2ln")).as("non-ASCII").isFalse();
		assertThat(canonical("eyJh.ey\u0100z.c2ln")).as("above Latin-1").isFalse();
		// The last two or three characters of a segment are decoded apart from the rest, and checked as hard.
		assertThat(canonical("eyJh.eyJz.c2lnQ+")).as("base64 in a tail of two").isFalse();
		assertThat(canonical("eyJh.eyJz.c2lnQ\u00c9E")).as("non-ASCII in a tail of three").isFalse();
		assertThat(canonical("eyJh.eyJz.c2lnQ\u00ff")).as("the byte -1").isFalse();
		assertThat(canonical("eyJh.eyJz.c2lnQUE")).isTrue();
		assertThat(canonical("")).isFalse();
	}

}
