package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Verified tokens by SHA-256 of their text, least recently used evicted first, each dropped when a fresh
 * verification would refuse it: at its {@code exp} plus the allowed clock skew (dropped at {@code exp} itself, a
 * token inside the skew was verified afresh on every request). Only accepted tokens enter, so a flood of forged
 * tokens cannot push out real ones faster than LRU allows.
 */
final class VerificationCache {

	private final int maxSize;

	private final Clock clock;

	private final Duration clockSkew;

	private final Map<String, JwtPrincipal> entries;

	VerificationCache(int maxSize, Clock clock, Duration clockSkew) {
		this.maxSize = maxSize;
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, JwtPrincipal> eldest) {
				return size() > VerificationCache.this.maxSize;
			}

		};
	}

	@Nullable JwtPrincipal get(String key) {
		Instant expiredBefore = this.clock.instant().minus(this.clockSkew);
		synchronized (this.entries) {
			JwtPrincipal principal = this.entries.get(key);
			if (principal != null && !expiredBefore.isBefore(principal.expiresAt())) {
				this.entries.remove(key);
				return null;
			}
			return principal;
		}
	}

	void put(String key, JwtPrincipal principal) {
		if (this.maxSize <= 0) {
			return;
		}
		synchronized (this.entries) {
			this.entries.put(key, principal);
		}
	}

	boolean enabled() {
		return this.maxSize > 0;
	}

	int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	static String keyOf(String token) {
		MessageDigest digest = Sha256.newDigest();
		return new String(digest.digest(token.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
	}

}
