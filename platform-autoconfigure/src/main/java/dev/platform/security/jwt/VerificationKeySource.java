package dev.platform.security.jwt;

import java.security.PublicKey;

import org.jspecify.annotations.Nullable;

/**
 * Where verification keys come from. The key decides the key type; the token's {@code alg} header only selects
 * among the configured algorithms that fit it.
 */
@FunctionalInterface
public interface VerificationKeySource {

	/**
	 * Returns the key that verifies tokens carrying {@code keyId}.
	 * @param keyId the token's {@code kid} header, untrusted input used only as a lookup key
	 * @return the key, or {@code null} when none is known
	 */
	@Nullable PublicKey find(@Nullable String keyId);

}
