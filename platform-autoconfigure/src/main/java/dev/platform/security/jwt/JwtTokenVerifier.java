package dev.platform.security.jwt;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
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

	/** The algorithms that may be configured; HMAC and "none" are never accepted. */
	public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
			"PS512", "ES256", "ES384", "ES512");

	private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

	/** RSA keys shorter than this verify nothing (NIST SP 800-131A; 1024-bit RSA is within reach of factoring). */
	static final int MIN_RSA_BITS = 2048;

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

	/**
	 * The verifier used last, found again by the key's identity: a key source hands out the same instance for a kid
	 * until the keys change, and hashing a key (its whole encoding) on every token costs more than this check.
	 */
	private volatile @Nullable LastVerifier lastVerifier;

	public JwtTokenVerifier(VerificationKeySource keys, Collection<String> algorithms, String issuer, String audience,
			Duration clockSkew, int maxTokenLength, int cacheSize, Clock clock, JwtMetrics metrics) {
		this.keys = keys;
		this.algorithms = Set.copyOf(algorithms);
		this.issuer = issuer;
		this.audience = audience;
		this.leewaySeconds = clockSkew.toSeconds();
		this.maxTokenLength = maxTokenLength;
		this.cache = new VerificationCache(cacheSize, clock, clockSkew);
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
			if (!isStrongEnough(rsa)) {
				return null;
			}
			return switch (alg) {
				case "RS256", "RS384", "RS512" -> ReusedRsaSignature.forAlg(alg, rsa);
				case "PS256" -> Algorithm.RSA256PSS(rsa);
				case "PS384" -> Algorithm.RSA384PSS(rsa);
				case "PS512" -> Algorithm.RSA512PSS(rsa);
				default -> null;
			};
		}
		if (key instanceof ECPublicKey ec) {
			// RFC 7518 3.4: each ES algorithm has its curve (P-256, P-384, P-521); no other pairing is valid.
			int fieldSize = ec.getParams().getCurve().getField().getFieldSize();
			return switch (alg) {
				case "ES256" -> (fieldSize == 256) ? Algorithm.ECDSA256(ec) : null;
				case "ES384" -> (fieldSize == 384) ? Algorithm.ECDSA384(ec) : null;
				case "ES512" -> (fieldSize == 521) ? Algorithm.ECDSA512(ec) : null;
				default -> null;
			};
		}
		return null;
	}

	static boolean isStrongEnough(RSAPublicKey key) {
		return key.getModulus().bitLength() >= MIN_RSA_BITS;
	}

	private Algorithm signatureAlgorithm(String alg, PublicKey key) {
		LastVerifier last = this.lastVerifier;
		if (last != null && last.key() == key && last.algorithm().equals(alg)) {
			return last.verifier();
		}
		VerifierKey verifierKey = new VerifierKey(alg, key);
		Algorithm algorithm = this.signatureAlgorithms.get(verifierKey);
		if (algorithm == null) {
			algorithm = algorithmFor(alg, key);
			if (algorithm == null) {
				throw new JwtRejectedException(JwtOutcome.DISALLOWED_ALGORITHM);
			}
			if (this.signatureAlgorithms.size() >= MAX_VERIFIERS) {
				// Keys rotated many times over; the ones still in use come back on their next token.
				this.signatureAlgorithms.clear();
			}
			this.signatureAlgorithms.put(verifierKey, algorithm);
		}
		this.lastVerifier = new LastVerifier(alg, key, algorithm);
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
		List<String> scopes = new ArrayList<>();
		addStrings(jwt.claims().get("scope"), scopes);
		addStrings(jwt.claims().get("scp"), scopes);
		List<String> roles = new ArrayList<>();
		addStrings(jwt.claims().get("roles"), roles);
		// Set.copyOf drops duplicates; the principal's own Set.copyOf then keeps these instances.
		return new JwtPrincipal(jwt.getSubject(), jwt.getIssuer(), jwt.getAudience(), Set.copyOf(scopes),
				Set.copyOf(roles), jwt.getExpiresAtAsInstant(), jwt.getId(), jwt.claims());
	}

	/** A space-separated string (RFC 8693 {@code scope}) or an array of strings; anything else adds nothing. */
	private static void addStrings(@Nullable Object claim, List<String> values) {
		if (claim instanceof String string) {
			int start = -1;
			for (int i = 0; i <= string.length(); i++) {
				boolean separator = i == string.length() || Character.isWhitespace(string.charAt(i));
				if (separator && start >= 0) {
					values.add(string.substring(start, i));
					start = -1;
				}
				else if (!separator && start < 0) {
					start = i;
				}
			}
		}
		else if (claim instanceof List<?> list) {
			for (Object element : list) {
				if (!(element instanceof String string)) {
					throw new JwtRejectedException(JwtOutcome.INVALID_CLAIM);
				}
				values.add(string);
			}
		}
	}

	/** Keys compare by value, so a key source that builds a new instance per lookup still finds its verifier. */
	private record VerifierKey(String algorithm, PublicKey key) {
	}

	private record LastVerifier(String algorithm, PublicKey key, Algorithm verifier) {
	}

}
