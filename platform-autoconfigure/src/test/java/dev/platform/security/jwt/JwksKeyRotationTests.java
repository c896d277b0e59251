package dev.platform.security.jwt;

import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.auth0.jwt.algorithms.Algorithm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * JWKS key handling against a real HTTP server on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwksKeyRotationTests {

	private final LoopbackServer server = new LoopbackServer();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicLong nanoTime = new AtomicLong();

	private final JwtTokenVerifier verifier = verifier(Duration.ofSeconds(30), Duration.ofSeconds(2));

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void acceptsRotatedKeyOnFirstSightWithOneFetch() {
		publish(Map.of("old", TestKeys.RSA));
		assertThat(this.verifier.verify(token("old", TestKeys.RSA)).subject()).isEqualTo("user-42");
		assertThat(this.server.requests()).isEqualTo(1);
		this.nanoTime.addAndGet(Duration.ofMinutes(10).toNanos());
		publish(Map.of("old", TestKeys.RSA, "new", TestKeys.OTHER_RSA));
		assertThat(this.verifier.verify(token("new", TestKeys.OTHER_RSA)).subject()).isEqualTo("user-42");
		assertThat(this.server.requests()).isEqualTo(2);
		assertThat(this.verifier.verify(token("old", TestKeys.RSA)).subject()).isEqualTo("user-42");
		assertThat(this.server.requests()).isEqualTo(2);
		assertThat(this.registry.get("platform.security.jwt.jwks.fetches").tag("outcome", "success").counter().count())
			.isEqualTo(2);
	}

	@Test
	void aKeyTheIssuerRemovedStopsVerifyingNewTokensOnceTheSetIsOlderThanItsMaximumAge() {
		publish(Map.of("old", TestKeys.RSA));
		assertThat(this.verifier.verify(token("old", TestKeys.RSA)).subject()).isEqualTo("user-42");
		// The issuer drops the key (compromised, or rotated out); no new kid ever arrives.
		publish(Map.of("new", TestKeys.OTHER_RSA));
		this.nanoTime.addAndGet(Duration.ofMinutes(9).toNanos());
		assertThat(this.verifier.verify(token("old", TestKeys.RSA, "user-43")).subject()).isEqualTo("user-43");
		assertThat(this.server.requests()).isEqualTo(1);
		this.nanoTime.addAndGet(Duration.ofMinutes(2).toNanos());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("old", TestKeys.RSA, "user-44")));
		assertThat(this.server.requests()).isEqualTo(2);
	}

	@Test
	void aStaleSetIsKeptWhenTheIssuerIsDownAndTriedAgainAfterTheInterval() {
		publish(Map.of("old", TestKeys.RSA));
		assertThat(this.verifier.verify(token("old", TestKeys.RSA)).subject()).isEqualTo("user-42");
		this.server.respond(503, "down");
		this.nanoTime.addAndGet(Duration.ofMinutes(11).toNanos());
		assertThat(this.verifier.verify(token("old", TestKeys.RSA, "user-43")).subject()).isEqualTo("user-43");
		assertThat(this.verifier.verify(token("old", TestKeys.RSA, "user-44")).subject()).isEqualTo("user-44");
		// One failed fetch, not one per request: the refetch interval spaces them out.
		assertThat(this.server.requests()).isEqualTo(2);
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		this.verifier.verify(token("old", TestKeys.RSA, "user-45"));
		assertThat(this.server.requests()).isEqualTo(3);
	}

	@Test
	void fetchesAtMostOncePerIntervalDuringFloodOfUnknownKeyIds() throws Exception {
		publish(Map.of("known", TestKeys.RSA));
		this.verifier.verify(token("known", TestKeys.RSA));
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> results = new java.util.ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				String kid = UUID.randomUUID().toString();
				results.add(pool.submit(() -> assertThatExceptionOfType(JwtRejectedException.class)
					.isThrownBy(() -> this.verifier.verify(token(kid, TestKeys.OTHER_RSA)))
					.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY))));
			}
			for (Future<?> result : results) {
				result.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.server.requests()).isEqualTo(2);
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("another", TestKeys.OTHER_RSA)));
		assertThat(this.server.requests()).isEqualTo(3);
	}

	@Test
	void keepsCachedKeysWorkingWhileEndpointFails() {
		publish(Map.of("known", TestKeys.RSA));
		this.verifier.verify(token("known", TestKeys.RSA));
		this.server.respond(503, "unavailable");
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("unknown", TestKeys.OTHER_RSA)))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY));
		assertThat(this.verifier.verify(token("known", TestKeys.RSA)).subject()).isEqualTo("user-42");
		assertThat(this.registry.get("platform.security.jwt.jwks.fetches").tag("outcome", "failure").counter().count())
			.isEqualTo(1);
	}

	@Test
	void keepsCachedKeysWorkingWhenEndpointIsGone() {
		publish(Map.of("known", TestKeys.RSA));
		this.verifier.verify(token("known", TestKeys.RSA));
		this.server.close();
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("unknown", TestKeys.OTHER_RSA)));
		assertThat(this.verifier.verify(token("known", TestKeys.RSA)).subject()).isEqualTo("user-42");
	}

	@Test
	void givesUpOnHangingEndpointAfterReadTimeout() {
		JwtTokenVerifier impatient = verifier(Duration.ofSeconds(30), Duration.ofMillis(200));
		this.server.hang();
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> impatient.verify(token("any", TestKeys.RSA)))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY));
		assertThat(this.registry.get("platform.security.jwt.jwks.fetches").tag("outcome", "failure").counter().count())
			.isEqualTo(1);
	}

	@Test
	void ignoresGarbageDocumentAndKeysForOtherUses() {
		this.server.respond(200, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bad\",\"n\":\"!!\",\"e\":\"AQAB\"},"
				+ TestTokens.json(withUse(TestKeys.jwk(TestKeys.RSA.getPublic(), "enc"), "enc")) + "]}");
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("enc", TestKeys.RSA)))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY));
		this.server.respond(200, "not json");
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("enc", TestKeys.RSA)));
		assertThat(this.registry.get("platform.security.jwt.jwks.fetches").tag("outcome", "failure").counter().count())
			.isEqualTo(1);
	}

	@Test
	void servesRepeatedTokenFromCacheAndCountsHits() {
		publish(Map.of("known", TestKeys.RSA));
		String token = token("known", TestKeys.RSA);
		this.verifier.verify(token);
		this.verifier.verify(token);
		this.verifier.verify(token);
		assertThat(this.registry.get("platform.security.jwt.cache.requests").tag("result", "hit").functionCounter()
			.count())
			.isEqualTo(2);
		assertThat(this.registry.get("platform.security.jwt.cache.requests").tag("result", "miss").functionCounter()
			.count())
			.isEqualTo(1);
		assertThat(this.registry.get("platform.security.jwt.verifications").tag("outcome", "valid").functionCounter()
			.count())
			.isEqualTo(3);
	}

	@Test
	void anUnreadableJwkDoesNotHideTheOthers() {
		// No "kty": jwks-rsa cannot read it, and its getAll() would drop the whole document with it.
		this.server.respond(200, "{\"keys\":[{\"kid\":\"odd\",\"n\":\"AQAB\"},"
				+ TestTokens.json(TestKeys.jwk(TestKeys.RSA.getPublic(), "good")) + ",\"not a jwk\"]}");
		assertThat(this.verifier.verify(token("good", TestKeys.RSA)).subject()).isEqualTo("user-42");
	}

	@Test
	void skipsRsaKeysUnder2048BitsWithAWarning(CapturedOutput output) {
		KeyPair weak = TestKeys.rsa(1024);
		publish(Map.of("weak", weak, "good", TestKeys.RSA));
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("weak", weak)))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.UNKNOWN_KEY));
		assertThat(this.verifier.verify(token("good", TestKeys.RSA)).subject()).isEqualTo("user-42");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output)
				.contains("Skipping JWK 'weak': a 1024-bit RSA key, under the 2048 bits required"));
		// Fetched again (an unknown kid after the interval): the same weak key is not warned about again.
		this.nanoTime.addAndGet(Duration.ofSeconds(31).toNanos());
		int requests = this.server.requests();
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("unknown", TestKeys.OTHER_RSA)));
		assertThat(this.server.requests()).isEqualTo(requests + 1);
		assertThat(output.toString().split("Skipping JWK 'weak'", -1)).hasSize(2);
	}

	@Test
	void aCustomKeySourceCannotBringAnRsaKeyUnder2048Bits() {
		KeyPair weak = TestKeys.rsa(1024);
		JwtTokenVerifier verifier = new JwtTokenVerifier((kid) -> weak.getPublic(), List.of("RS256", "PS256"),
				TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, 100, Clock.systemUTC(),
				new MicrometerJwtMetrics(this.registry));
		assertThatExceptionOfType(JwtRejectedException.class).isThrownBy(() -> verifier.verify(token("weak", weak)))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(JwtOutcome.DISALLOWED_ALGORITHM));
	}

	@Test
	void aDocumentThatIsNotAKeySetCountsAsAFailedFetch() {
		this.server.respond(200, "{\"keys\":\"none\"}");
		assertThatExceptionOfType(JwtRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(token("good", TestKeys.RSA)));
		assertThat(this.registry.get("platform.security.jwt.jwks.fetches").tag("outcome", "failure").counter().count())
			.isEqualTo(1);
	}

	private JwtTokenVerifier verifier(Duration interval, Duration readTimeout) {
		JwtMetrics metrics = new MicrometerJwtMetrics(this.registry);
		JwksKeySource keys;
		try {
			keys = JwksKeySource.forUrl(URI.create(this.server.url("/jwks.json")).toURL(), Duration.ofSeconds(1),
					readTimeout, interval, Duration.ofMinutes(10), this.nanoTime::get, metrics);
		}
		catch (java.net.MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
		return new JwtTokenVerifier(keys, List.of("RS256"), TestTokens.ISSUER, TestTokens.AUDIENCE,
				Duration.ofSeconds(30), 6144, 100, Clock.systemUTC(), metrics);
	}

	private void publish(Map<String, KeyPair> keys) {
		this.server.respond(200, TestTokens.json(Map.of("keys",
				keys.entrySet().stream().map((entry) -> TestKeys.jwk(entry.getValue().getPublic(), entry.getKey())).toList())));
	}

	private static Map<String, Object> withUse(Map<String, Object> jwk, String use) {
		jwk.put("use", use);
		return jwk;
	}

	static String token(String kid, KeyPair pair) {
		return TestTokens.sign(TestTokens.header("RS256", kid), TestTokens.claims(),
				Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
	}

	/** Another subject: a token the verification cache has not seen. */
	static String token(String kid, KeyPair pair, String subject) {
		Map<String, Object> claims = new java.util.HashMap<>(TestTokens.claims());
		claims.put("sub", subject);
		return TestTokens.sign(TestTokens.header("RS256", kid), claims,
				Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
	}

}
