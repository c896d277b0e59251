package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The caller behind a verified bearer token. Declare it as a controller method parameter to receive it.
 *
 * @param subject the {@code sub} claim
 * @param issuer the {@code iss} claim
 * @param audience the {@code aud} claim
 * @param scopes from the {@code scope} (space separated) or {@code scp} claim
 * @param roles from the {@code roles} claim
 * @param expiresAt the {@code exp} claim
 * @param tokenId the {@code jti} claim, if any
 * @param claims every claim of the payload
 */
public record JwtPrincipal(String subject, String issuer, List<String> audience, Set<String> scopes,
		Set<String> roles, Instant expiresAt, @Nullable String tokenId,
		Map<String, @Nullable Object> claims) implements Principal {

	public JwtPrincipal {
		audience = List.copyOf(audience);
		scopes = Set.copyOf(scopes);
		roles = Set.copyOf(roles);
	}

	@Override
	public String getName() {
		return this.subject;
	}

	/**
	 * Returns a stable pseudonymous id of the subject for logs and spans: the first 128 bits of
	 * SHA-256(issuer, subject) in hex, so no e-mail address or name ends up in telemetry.
	 * @return 32 hex characters
	 */
	public String subjectId() {
		MessageDigest digest = Sha256.newDigest();
		digest.update(this.issuer.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
		digest.update(this.subject.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest.digest(), 0, 16);
	}

	/**
	 * Returns whether every given scope was granted.
	 * @param required the scopes
	 * @return {@code true} when all are present
	 */
	public boolean hasScopes(String... required) {
		return CallerGrants.Grants.hasAll(this.scopes, required);
	}

	/**
	 * Returns whether at least one of the given roles was granted.
	 * @param anyOf the roles
	 * @return {@code true} when one is present
	 */
	public boolean hasAnyRole(String... anyOf) {
		return CallerGrants.Grants.hasAny(this.roles, anyOf);
	}

	@Override
	public String toString() {
		// Claims may hold personal data; the subject id is safe to log.
		return "JwtPrincipal[subjectId=" + subjectId() + ", scopes=" + this.scopes + "]";
	}

}
