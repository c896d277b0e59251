package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.platform.web.ProblemResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing: mutations of a valid token (character edits, bit flips in decoded segments, forged headers and claims,
 * segment shuffles, random bytes, other schemes) are never accepted and always get a 401 challenge.
 * <p>
 * Every run draws a new seed, so runs explore different tokens; a failure names the seed, and
 * {@code -Dplatform.fuzz.seed=<seed>} replays exactly that run.
 */
class JwtTokenFuzzTests {

	private static final int MIN_CHECKS = 10_000;

	private static final int TRIES = MIN_CHECKS + 500;

	private static final long SEED = Long.getLong("platform.fuzz.seed", new Random().nextLong());

	private static final Algorithm RS256 = Algorithm.RSA256((RSAPublicKey) TestKeys.RSA.getPublic(),
			(RSAPrivateKey) TestKeys.RSA.getPrivate());

	private static final String VALID = valid();

	private static final Pattern SAME_TOKEN = Pattern.compile("(?i)bearer +" + Pattern.quote(VALID) + "\\s*");

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= +/\u0000\u00e9";

	private static final List<String> ALGORITHMS = List.of("RS256", "none", "None", "HS256", "ES256", "PS256", "",
			"RS256 ", "rs256");

	private final JwtAuthenticationFilter filter = new JwtAuthenticationFilter(
			new JwtTokenVerifier((kid) -> TestKeys.RSA.getPublic(), List.of("RS256"), TestTokens.ISSUER,
					TestTokens.AUDIENCE, Duration.ofSeconds(30), 6144, 100, Clock.systemUTC(), JwtMetrics.NONE),
			new ProblemResponseWriter(() -> "trace"), JwtMetrics.NONE, List.of("/actuator/health"));

	@Test
	void rejectsEveryMutationOfValidToken() throws Exception {
		Random random = new Random(SEED);
		int checks = 0;
		for (int attempt = 0; attempt < TRIES; attempt++) {
			String header = "Bearer " + VALID;
			int mutations = 1 + random.nextInt(4);
			for (int i = 0; i < mutations; i++) {
				header = mutate(header, random.nextInt(10), random);
			}
			// RFC 6750 allows several spaces after the scheme, and the scheme is case-insensitive: same token.
			if (SAME_TOKEN.matcher(header).matches()) {
				continue;
			}
			assertRejected(header, "seed " + SEED + ", attempt " + attempt);
			checks++;
		}
		assertThat(checks).as("checked mutations, seed %d", SEED).isGreaterThanOrEqualTo(MIN_CHECKS);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3 })
	void acceptsTheUnmutatedToken(int spaces) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("Authorization", "Bearer " + " ".repeat(spaces) + VALID);
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
	}

	@Test
	void theSameSeedReplaysTheSameMutations() {
		assertThat(mutations(new Random(42))).isEqualTo(mutations(new Random(42)))
			.isNotEqualTo(mutations(new Random(43)));
	}

	private void assertRejected(String header, String replay) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.setServletPath("/api/me");
		request.addHeader("Authorization", header);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("accepted (%s): %s", replay, header).isNull();
		assertThat(response.getStatus()).as("status (%s): %s", replay, header).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).as("challenge (%s): %s", replay, header)
			.startsWith("Bearer error=\"invalid_token\"");
	}

	private static List<String> mutations(Random random) {
		return java.util.stream.IntStream.range(0, 20)
			.mapToObj((i) -> mutate("Bearer " + VALID, random.nextInt(10), random))
			.toList();
	}

	private static String mutate(String header, int mutation, Random random) {
		String token = header.startsWith("Bearer ") ? header.substring(7) : header;
		String[] parts = token.split("\\.", -1);
		int position = random.nextInt(Math.max(1, token.length()));
		return switch (mutation) {
			case 0 -> "Bearer " + token.substring(0, position) + randomChar(random) + token.substring(Math.min(token.length(), position + 1));
			case 1 -> "Bearer " + token.substring(0, position) + randomChar(random) + token.substring(position);
			case 2 -> "Bearer " + token.substring(0, position) + token.substring(Math.min(token.length(), position + 1));
			case 3 -> "Bearer " + token.substring(0, position);
			case 4 -> "Bearer " + flipBit(parts, random);
			case 5 -> "Bearer " + forgedHeader(parts, random);
			case 6 -> "Bearer " + shuffle(parts, random);
			case 7 -> "Bearer " + randomSegments(random);
			case 8 -> forgedClaims(parts, random);
			default -> scheme(random) + token;
		};
	}

	private static char randomChar(Random random) {
		return random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : ALPHABET.charAt(random.nextInt(ALPHABET.length()));
	}

	private static String flipBit(String[] parts, Random random) {
		int segment = random.nextInt(parts.length);
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(parts[segment]);
			if (bytes.length > 0) {
				int index = random.nextInt(bytes.length);
				bytes[index] ^= (byte) (1 << random.nextInt(8));
			}
			parts = parts.clone();
			parts[segment] = TestTokens.b64(bytes);
		}
		catch (IllegalArgumentException ex) {
			parts = parts.clone();
			parts[segment] = parts[segment] + "A";
		}
		return String.join(".", parts);
	}

	private static String forgedHeader(String[] parts, Random random) {
		Map<String, Object> header = TestTokens.header(ALGORITHMS.get(random.nextInt(ALGORITHMS.size())),
				random.nextBoolean() ? null : Long.toHexString(random.nextLong()));
		switch (random.nextInt(5)) {
			case 0 -> header.put("crit", List.of("exp"));
			case 1 -> header.put("jku", "http://127.0.0.1:1/jwks");
			case 2 -> header.put("typ", "JWE");
			default -> {
			}
		}
		String rest = (parts.length > 1) ? token(parts, 1) : "";
		return TestTokens.b64(TestTokens.json(header)) + "." + rest;
	}

	private static String forgedClaims(String[] parts, Random random) {
		Map<String, Object> claims = TestTokens.claims();
		long now = Instant.now().getEpochSecond();
		switch (random.nextInt(6)) {
			case 0 -> claims.put("exp", now - 3600);
			case 1 -> claims.put("iss", "https://evil.test");
			case 2 -> claims.put("aud", List.of());
			case 3 -> claims.remove("exp");
			case 4 -> claims.put("exp", "9999999999");
			default -> claims.put("sub", "admin");
		}
		String payload = TestTokens.b64(TestTokens.json(claims));
		String signature = random.nextBoolean() && parts.length > 2 ? parts[2]
				: TestTokens.b64(randomBytes(random, 256));
		return "Bearer " + parts[0] + "." + payload + "." + signature;
	}

	private static String shuffle(String[] parts, Random random) {
		String[] copy = parts.clone();
		int a = random.nextInt(copy.length);
		int b = random.nextInt(copy.length);
		String swap = copy[a];
		copy[a] = copy[b];
		copy[b] = swap;
		return random.nextBoolean() ? String.join(".", copy) : String.join(".", copy) + "." + copy[0];
	}

	private static String randomSegments(Random random) {
		int count = random.nextInt(6);
		StringBuilder token = new StringBuilder();
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				token.append('.');
			}
			byte[] bytes = randomBytes(random, random.nextInt(300));
			token.append(random.nextBoolean() ? TestTokens.b64(bytes) : new String(bytes, StandardCharsets.ISO_8859_1));
		}
		return token.toString();
	}

	private static String scheme(Random random) {
		return List.of("Basic ", "Bearer  ", "Bearer\t", "Token ", "", "BearerX ", "Bearer ,").get(random.nextInt(7));
	}

	private static String token(String[] parts, int from) {
		return String.join(".", java.util.Arrays.copyOfRange(parts, from, parts.length));
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static String valid() {
		Map<String, Object> claims = TestTokens.claims();
		claims.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
		return TestTokens.sign(TestTokens.header("RS256", "rsa-1"), claims, RS256);
	}

}
