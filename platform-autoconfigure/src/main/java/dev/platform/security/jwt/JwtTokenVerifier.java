package dev.platform.security.jwt;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.Claim;
import org.jspecify.annotations.Nullable;

/**
 * Verifies compact JWS bearer tokens: size and shape before any parsing, then header rules, a key from the
 * configured {@link VerificationKeySource}, the signature with an algorithm from the allow-list that fits that
 * key, and the claims. Every failure is a {@link JwtRejectedException}; no input makes it throw anything else.
 * <p>
 * Signatures are verified by java-jwt's algorithms (ours for RS256/384/512, see {@link ReusedRsaSignature}). The
 * header and claims are read by {@link CompactJws} and the registered claims checked here, with the rules of
 * java-jwt's {@code JWTVerifier}, because java-jwt's decoder and verifier build a Jackson 2 {@code ObjectMapper}:
 * a second JSON stack of about 450 classes loaded at startup and slower per token than Jackson 3's streaming
 * parser, which Boot already brings.
 */
public final class JwtTokenVerifier {

	/** The value of each base64url character, -1 for every other ASCII character. */
	private static final int[] BASE64URL = new int[128];

	static {
		java.util.Arrays.fill(BASE64URL, -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			BASE64URL[alphabet.charAt(i)] = i;
		}
	}

	/** The algorithms that may be configured; HMAC and "none" are never accepted. */
	public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
			"PS512", "ES256", "ES384", "ES512");

	private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	/** More distinct (algorithm, key) pairs than any key rotation needs; past it the verifiers are rebuilt. */
	private static final int MAX_VERIFIERS = 64;

	private final VerificationKeySource keys;

	private final Set<String> algorithms;

	private final String issuer;

	private final String audience;

	private final long leewaySeconds;

	private final int maxTokenLength;

	private final VerificationCache cache;

	private final Clock clock;

	private final JwtMetrics metrics;

	/** One java-jwt algorithm per algorithm and key: ours for RS256/384/512 keeps an initialized Signature. */
	private final ConcurrentMap<VerifierKey, Algorithm> signatureAlgorithms = new ConcurrentHashMap<>();

	public JwtTokenVerifier(VerificationKeySource keys, Collection<String> algorithms, String issuer, String audience,
			Duration clockSkew, int maxTokenLength, int cacheSize, Clock clock, JwtMetrics metrics) {
		this.keys = keys;
		this.algorithms = Set.copyOf(algorithms);
		this.issuer = issuer;
		this.audience = audience;
		this.leewaySeconds = clockSkew.toSeconds();
		this.maxTokenLength = maxTokenLength;
		this.cache = new VerificationCache(cacheSize, clock);
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Verifies a token and records the outcome.
	 * @param token the credential after "Bearer "
	 * @return the caller
	 * @throws JwtRejectedException when the token is not accepted
	 */
	public JwtPrincipal verify(String token) {
		try {
			JwtPrincipal principal = doVerify(token);
			this.metrics.verification(JwtOutcome.VALID);
			return principal;
		}
		catch (JwtRejectedException ex) {
			this.metrics.verification(ex.getOutcome());
			throw ex;
		}
		catch (RuntimeException ex) {
			// A parser surprise on hostile input is still the caller's fault, never a 5xx.
			this.metrics.verification(JwtOutcome.MALFORMED);
			throw new JwtRejectedException(JwtOutcome.MALFORMED);
		}
	}

	int cacheSize() {
		return this.cache.size();
	}

	private JwtPrincipal doVerify(String token) {
		if (token.length() > this.maxTokenLength) {
			throw new JwtRejectedException(JwtOutcome.OVERSIZED);
		}
		// Only exact texts that passed every check below are cached, so a hit needs no structural check again.
		String cacheKey = null;
		if (this.cache.enabled()) {
			cacheKey = VerificationCache.keyOf(token);
			JwtPrincipal cached = this.cache.get(cacheKey);
			this.metrics.cacheLookup(cached != null);
			if (cached != null) {
				return cached;
			}
		}
		if (!compactCanonicalJws(token)) {
			throw new JwtRejectedException(JwtOutcome.MALFORMED);
		}
		CompactJws jwt = parse(token);
		checkHeader(jwt);
		PublicKey key = this.keys.find(jwt.getKeyId());
		if (key == null) {
			throw new JwtRejectedException(JwtOutcome.UNKNOWN_KEY);
		}
		verifySignature(signatureAlgorithm(jwt.getAlgorithm(), key), jwt);
		checkClaims(jwt);
		JwtPrincipal principal = toPrincipal(jwt);
		if (cacheKey != null) {
			this.cache.put(cacheKey, principal);
		}
		return principal;
	}

	/**
	 * One pass over the text: three non-empty segments of base64url characters separated by two dots, each segment
	 * a canonical encoding. A segment whose length leaves a remainder of 1 is no encoding at all, and one whose
	 * last character carries set bits the decoder ignores is rejected too: the lenient decoder would map several
	 * texts to the same bytes, so a token could be altered without touching its signature.
	 */
	static boolean compactCanonicalJws(String token) {
		int dots = 0;
		int segmentStart = 0;
		int length = token.length();
		for (int i = 0; i <= length; i++) {
			if (i == length || token.charAt(i) == '.') {
				if (!canonicalSegment(token, segmentStart, i) || (i < length && ++dots > 2)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (token.charAt(i) > 0x7f || BASE64URL[token.charAt(i)] < 0) {
				return false;
			}
		}
		return dots == 2;
	}

	private static boolean canonicalSegment(String token, int start, int end) {
		int size = end - start;
		if (size == 0) {
			return false;
		}
		int last = BASE64URL[token.charAt(end - 1) & 0x7f];
		return switch (size % 4) {
			case 1 -> false;
			case 2 -> (last & 0x0f) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

	private static CompactJws parse(String token) {
		try {
			return CompactJws.parse(token);
		}
		catch (IllegalArgumentException ex) {
			throw new JwtRejectedException(JwtOutcome.MALFORMED);
		}
	}

	private void checkHeader(CompactJws jwt) {
		if (jwt.getAlgorithm() == null || !this.algorithms.contains(jwt.getAlgorithm())) {
			throw new JwtRejectedException(JwtOutcome.DISALLOWED_ALGORITHM);
		}
		if (jwt.hasHeader("crit")) {
			throw new JwtRejectedException(JwtOutcome.UNSUPPORTED_HEADER);
		}
		String type = jwt.getType();
		if (jwt.hasHeader("typ") && (type == null || !ACCEPTED_TYPES.contains(type.toLowerCase(Locale.ROOT)))) {
			throw new JwtRejectedException(JwtOutcome.UNSUPPORTED_HEADER);
		}
		// jku, x5u, jwk and x5c are deliberately never read: keys come only from configuration.
	}

	static @Nullable Algorithm algorithmFor(String alg, PublicKey key) {
		if (key instanceof RSAPublicKey rsa) {
			return switch (alg) {
				case "RS256", "RS384", "RS512" -> ReusedRsaSignature.forAlg(alg, rsa);
				case "PS256" -> Algorithm.RSA256PSS(rsa);
				case "PS384" -> Algorithm.RSA384PSS(rsa);
				case "PS512" -> Algorithm.RSA512PSS(rsa);
				default -> null;
			};
		}
		if (key instanceof ECPublicKey ec) {
			return switch (alg) {
				case "ES256" -> Algorithm.ECDSA256(ec);
				case "ES384" -> Algorithm.ECDSA384(ec);
				case "ES512" -> Algorithm.ECDSA512(ec);
				default -> null;
			};
		}
		return null;
	}

	private Algorithm signatureAlgorithm(String alg, PublicKey key) {
		VerifierKey verifierKey = new VerifierKey(alg, key);
		Algorithm algorithm = this.signatureAlgorithms.get(verifierKey);
		if (algorithm != null) {
			return algorithm;
		}
		algorithm = algorithmFor(alg, key);
		if (algorithm == null) {
			throw new JwtRejectedException(JwtOutcome.DISALLOWED_ALGORITHM);
		}
		if (this.signatureAlgorithms.size() >= MAX_VERIFIERS) {
			// Keys rotated many times over; the ones still in use come back on their next token.
			this.signatureAlgorithms.clear();
		}
		this.signatureAlgorithms.put(verifierKey, algorithm);
		return algorithm;
	}

	int verifierCount() {
		return this.signatureAlgorithms.size();
	}

	private static void verifySignature(Algorithm algorithm, CompactJws jwt) {
		try {
			algorithm.verify(jwt);
		}
		catch (SignatureVerificationException ex) {
			throw new JwtRejectedException(JwtOutcome.BAD_SIGNATURE);
		}
	}

	/**
	 * The registered claims, as java-jwt's verifier checks them: times in whole seconds, {@code exp} must be after
	 * now minus the allowed clock skew, {@code nbf} and {@code iat} must not be after now plus the skew.
	 */
	private void checkClaims(CompactJws jwt) {
		String tokenIssuer = jwt.getIssuer();
		List<String> tokenAudience = jwt.getAudience();
		Instant expiresAt = jwt.getExpiresAtAsInstant();
		if (tokenIssuer == null || tokenAudience == null || expiresAt == null || jwt.getSubject() == null) {
			throw new JwtRejectedException(JwtOutcome.MISSING_CLAIM);
		}
		if (!this.issuer.equals(tokenIssuer)) {
			throw new JwtRejectedException(JwtOutcome.WRONG_ISSUER);
		}
		if (!tokenAudience.contains(this.audience)) {
			throw new JwtRejectedException(JwtOutcome.WRONG_AUDIENCE);
		}
		long now = this.clock.instant().getEpochSecond();
		if (now - this.leewaySeconds >= expiresAt.getEpochSecond()) {
			throw new JwtRejectedException(JwtOutcome.EXPIRED);
		}
		if (inFuture(jwt.getNotBeforeAsInstant(), now) || inFuture(jwt.getIssuedAtAsInstant(), now)) {
			throw new JwtRejectedException(JwtOutcome.NOT_YET_VALID);
		}
	}

	private boolean inFuture(@Nullable Instant time, long now) {
		return time != null && now + this.leewaySeconds < time.getEpochSecond();
	}

	private static JwtPrincipal toPrincipal(CompactJws jwt) {
		return new JwtPrincipal(jwt.getSubject(), jwt.getIssuer(), jwt.getAudience(), scopes(jwt),
				strings(jwt.getClaim("roles")), jwt.getExpiresAtAsInstant(), jwt.getId(), jwt.claims());
	}

	private static Set<String> scopes(CompactJws jwt) {
		Set<String> scopes = new LinkedHashSet<>();
		String scope = jwt.getClaim("scope").asString();
		if (scope != null) {
			scopes.addAll(List.of(WHITESPACE.split(scope.trim())));
			scopes.remove("");
		}
		scopes.addAll(strings(jwt.getClaim("scp")));
		return scopes;
	}

	private static Set<String> strings(Claim claim) {
		if (claim.isMissing() || claim.isNull()) {
			return Set.of();
		}
		String single = claim.asString();
		if (single != null) {
			Set<String> values = new LinkedHashSet<>(List.of(WHITESPACE.split(single.trim())));
			values.remove("");
			return values;
		}
		List<String> list = claim.asList(String.class);
		return (list != null) ? new LinkedHashSet<>(list) : Set.of();
	}

	/** Keys compare by value, so a key source that builds a new instance per lookup still finds its verifier. */
	private record VerifierKey(String algorithm, PublicKey key) {
	}

}
