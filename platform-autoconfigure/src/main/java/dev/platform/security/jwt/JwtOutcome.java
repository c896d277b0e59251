package dev.platform.security.jwt;

import java.util.Locale;

/**
 * Result of one token verification, the {@code outcome} tag of
 * {@code platform_security_jwt_verifications_total}.
 */
public enum JwtOutcome {

	/** The token was accepted. */
	VALID("Token accepted"),
	/** No Authorization header on a protected path. */
	MISSING("Missing bearer token"),
	/** Not a well-formed compact JWS, or not a bearer credential. */
	MALFORMED("Malformed token"),
	/** Longer than the configured maximum, rejected before parsing. */
	OVERSIZED("Token too large"),
	/** The alg header is not allowed, or does not fit the verification key. */
	DISALLOWED_ALGORITHM("Signature algorithm not accepted"),
	/** A crit or an unknown typ header. */
	UNSUPPORTED_HEADER("Unsupported token header"),
	/** No verification key for the token's key id. */
	UNKNOWN_KEY("Unknown signing key"),
	/** The signature does not verify. */
	BAD_SIGNATURE("Invalid signature"),
	/** exp is in the past. */
	EXPIRED("Token expired"),
	/** nbf or iat is in the future. */
	NOT_YET_VALID("Token not yet valid"),
	/** exp, sub, iss or aud is missing. */
	MISSING_CLAIM("Required claim missing"),
	/** iss is not the configured issuer. */
	WRONG_ISSUER("Wrong issuer"),
	/** aud does not contain the configured audience. */
	WRONG_AUDIENCE("Wrong audience"),
	/** Any other claim problem. */
	INVALID_CLAIM("Invalid claim");

	private final String description;

	JwtOutcome(String description) {
		this.description = description;
	}

	/**
	 * Returns the metric tag value.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns the fixed text sent as {@code error_description}; it never contains caller input.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
