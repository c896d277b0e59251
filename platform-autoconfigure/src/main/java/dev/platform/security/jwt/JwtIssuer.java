package dev.platform.security.jwt;

import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import org.jspecify.annotations.Nullable;

/**
 * Issues RS256 access tokens with {@code kid}, {@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code exp},
 * {@code jti} and a space-separated {@code scope}, and lists the public keys for {@code /.well-known/jwks.json}.
 */
public final class JwtIssuer {

	/**
	 * Claims the issuer sets itself. {@code scp} too: the verifier reads it as scopes alongside {@code scope}, so an
	 * extra claim of that name would grant scopes that skipped the check of {@code scopes}.
	 */
	private static final Set<String> RESERVED = Set.of("iss", "aud", "sub", "iat", "exp", "nbf", "jti", "scope",
			"scp");

	private final Algorithm algorithm;

	private final String keyId;

	private final String issuer;

	private final List<String> audiences;

	private final Duration ttl;

	private final Clock clock;

	private final List<Map<String, Object>> jwks;

	/**
	 * Creates an issuer.
	 * @param publicKey the public half of the signing key
	 * @param privateKey the signing key
	 * @param keyId the {@code kid} of the signing key
	 * @param previous the previous public key, still published while its tokens live, or {@code null}
	 * @param previousKeyId its {@code kid}
	 * @param issuer the {@code iss} claim
	 * @param audiences the {@code aud} claim
	 * @param ttl the lifetime of tokens
	 * @param clock the clock
	 */
	public JwtIssuer(RSAPublicKey publicKey, RSAPrivateKey privateKey, String keyId, @Nullable RSAPublicKey previous,
			@Nullable String previousKeyId, String issuer, List<String> audiences, Duration ttl, Clock clock) {
		this.algorithm = Algorithm.RSA256(publicKey, privateKey);
		this.keyId = keyId;
		this.issuer = issuer;
		this.audiences = List.copyOf(audiences);
		this.ttl = ttl;
		this.clock = clock;
		List<Map<String, Object>> keys = new ArrayList<>();
		keys.add(RsaJwk.toJwk(publicKey, keyId));
		if (previous != null && previousKeyId != null) {
			keys.add(RsaJwk.toJwk(previous, previousKeyId));
		}
		this.jwks = List.copyOf(keys);
	}

	/**
	 * Issues a token with the configured lifetime.
	 * @param subject the {@code sub} claim, preferably an opaque user id
	 * @param scopes the granted scopes
	 * @return the compact token
	 */
	public String issue(String subject, Collection<String> scopes) {
		return issue(subject, scopes, Map.of());
	}

	/**
	 * Issues a token with extra claims, which cannot override the registered ones.
	 * @param subject the {@code sub} claim
	 * @param scopes the granted scopes
	 * @param claims extra claims: strings, numbers, booleans, lists or maps of those
	 * @return the compact token
	 * @throws IllegalArgumentException for a blank subject, a scope that is not one RFC 6749 scope token (a space
	 * in it would grant two), or a claim that overrides a registered one
	 */
	public String issue(String subject, Collection<String> scopes, Map<String, ?> claims) {
		if (subject.isBlank()) {
			throw new IllegalArgumentException("subject must not be blank");
		}
		for (String name : claims.keySet()) {
			if (RESERVED.contains(name)) {
				throw new IllegalArgumentException("claim '" + name + "' is set by the issuer");
			}
		}
		Instant now = this.clock.instant();
		JWTCreator.Builder builder = JWT.create()
			.withKeyId(this.keyId)
			.withHeader(Map.of("typ", "JWT"))
			.withPayload(claims)
			.withIssuer(this.issuer)
			.withAudience(this.audiences.toArray(String[]::new))
			.withSubject(subject)
			.withIssuedAt(now)
			.withExpiresAt(now.plus(this.ttl))
			.withJWTId(UUID.randomUUID().toString());
		if (!scopes.isEmpty()) {
			for (String scope : scopes) {
				// RFC 6749 3.3: a scope token is printable ASCII without space, quote or backslash; a space would
				// turn one granted scope into two.
				if (scope == null || scope.isEmpty() || !scope.chars().allMatch(JwtIssuer::isScopeChar)) {
					throw new IllegalArgumentException("Invalid scope '" + scope
							+ "': a scope is printable ASCII without spaces, quotes or backslashes");
				}
			}
			builder.withClaim("scope", String.join(" ", scopes));
		}
		return builder.sign(this.algorithm);
	}

	/**
	 * Returns the {@code kid} of the current signing key.
	 * @return the key id
	 */
	public String keyId() {
		return this.keyId;
	}

	/**
	 * Returns the JWKS document: the current key first, then the previous one if configured.
	 * @return a map with a {@code keys} list
	 */
	public Map<String, Object> jwks() {
		return Map.of("keys", this.jwks);
	}

	private static boolean isScopeChar(int c) {
		return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
	}

}
