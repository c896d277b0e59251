package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Verified tokens by SHA-256 of their text, least recently used evicted first, each dropped at its {@code exp}.
 * Only accepted tokens enter, so a flood of forged tokens cannot push out real ones faster than LRU allows.
 */
final class VerificationCache {

	private final int maxSize;

	private final Clock clock;

	private final Map<String, JwtPrincipal> entries;

	VerificationCache(int maxSize, Clock clock) {
		this.maxSize = maxSize;
		this.clock = clock;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, JwtPrincipal> eldest) {
				return size() > VerificationCache.this.maxSize;
			}

		};
	}

	@Nullable JwtPrincipal get(String key) {
		synchronized (this.entries) {
			JwtPrincipal principal = this.entries.get(key);
			if (principal != null && !this.clock.instant().isBefore(principal.expiresAt())) {
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
