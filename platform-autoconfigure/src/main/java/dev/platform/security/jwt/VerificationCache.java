package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

	/** SHA-256, looked up once: cloning it is far cheaper than {@code MessageDigest.getInstance} per request. */
	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/** A fresh SHA-256 digest, cloned from one looked up once. */
	static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The JDK's SHA-256 is cloneable", ex);
		}
	}

	static String keyOf(String token) {
		MessageDigest digest = sha256();
		return new String(digest.digest(token.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
	}

}
