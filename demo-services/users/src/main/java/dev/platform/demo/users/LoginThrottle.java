package dev.platform.demo.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts failed logins per key (an e-mail address, or an e-mail address and a client address; see
 * {@link LoginThrottles}) and blocks the key for a while once there are too many: the {@code freeFailures}-th failure
 * blocks it for {@code firstBlock}, each one after that for twice as long as the last, up to {@code maxBlock}. A
 * login while blocked is refused before any hash is computed. A successful login forgets the key's failures, and so
 * does {@code forgetAfter} without one.
 * <p>
 * Kept in the service's database so that every instance sees the same counts, for any address, registered or not,
 * so that the answers do not tell which addresses have accounts; keys are stored as SHA-256 hashes. Two guesses at
 * the same moment can both pass the check before either failure is counted; the service's bounded hashing limits
 * how many.
 */
final class LoginThrottle {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int freeFailures;

	private final Duration firstBlock;

	private final Duration maxBlock;

	private final Duration forgetAfter;

	LoginThrottle(JdbcClient jdbc, Clock clock, int freeFailures, Duration firstBlock, Duration maxBlock,
			Duration forgetAfter) {
		this(jdbc, clock, "users.login-throttle.", freeFailures, firstBlock, maxBlock, forgetAfter);
	}

	/** With the prefix of the properties the settings come from, for the messages that name them. */
	LoginThrottle(JdbcClient jdbc, Clock clock, String prefix, int freeFailures, Duration firstBlock,
			Duration maxBlock, Duration forgetAfter) {
		if (freeFailures < 1) {
			throw new IllegalArgumentException(prefix + "free-failures must be at least 1");
		}
		if (firstBlock.compareTo(Duration.ofSeconds(1)) < 0 || maxBlock.compareTo(firstBlock) < 0) {
			throw new IllegalArgumentException(prefix + "first-block must be at least 1 s and " + prefix
					+ "max-block at least as long");
		}
		if (forgetAfter.isNegative() || forgetAfter.isZero()) {
			throw new IllegalArgumentException("users.login-throttle.forget-after must be positive");
		}
		this.jdbc = jdbc;
		this.clock = clock;
		this.freeFailures = freeFailures;
		this.firstBlock = firstBlock;
		this.maxBlock = maxBlock;
		this.forgetAfter = forgetAfter;
	}

	/** How much longer logins for the key are refused, if they are. */
	Optional<Duration> blocked(String key) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("SELECT blocked_until FROM login_failures WHERE key_hash = ?")
			.param(keyOf(key))
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.filter(now::isBefore)
			.map((until) -> Duration.between(now, until));
	}

	/** The key's failures not yet forgotten. */
	int failures(String key) {
		Timestamp forgotten = Timestamp.from(this.clock.instant().minus(this.forgetAfter));
		return this.jdbc.sql("SELECT failures FROM login_failures WHERE key_hash = ? AND last_failed_at >= ?")
			.params(keyOf(key), forgotten)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/** Counts a failed login; returns how long the key is blocked now (zero while failures are free). */
	Duration failed(String failedKey) {
		String key = keyOf(failedKey);
		Instant now = this.clock.instant();
		Timestamp forgotten = Timestamp.from(now.minus(this.forgetAfter));
		this.jdbc.sql("DELETE FROM login_failures WHERE last_failed_at < ? AND blocked_until < ?")
			.params(forgotten, Timestamp.from(now))
			.update();
		int failures = count(key, now, forgotten);
		Duration block = blockAfter(failures);
		if (!block.isZero()) {
			this.jdbc.sql("UPDATE login_failures SET blocked_until = ? WHERE key_hash = ?")
				.params(Timestamp.from(now.plus(block)), key)
				.update();
		}
		return block;
	}

	/** Forgets the key's failures. */
	void succeeded(String key) {
		this.jdbc.sql("DELETE FROM login_failures WHERE key_hash = ?").param(keyOf(key)).update();
	}

	Duration blockAfter(int failures) {
		int doublings = failures - this.freeFailures;
		if (doublings < 0) {
			return Duration.ZERO;
		}
		// Doubling from a second at least, 2^30 times is decades: past any longest block.
		Duration block = this.firstBlock.multipliedBy(1L << Math.min(doublings, 30));
		return (block.compareTo(this.maxBlock) > 0) ? this.maxBlock : block;
	}

	// Update first, insert when there is no row; a concurrent insert of the same key makes the update apply.
	// Each statement commits on its own: no transaction a failed insert could abort (PostgreSQL would).
	private int count(String key, Instant now, Timestamp forgotten) {
		Timestamp at = Timestamp.from(now);
		for (int attempt = 0; attempt < 3; attempt++) {
			int updated = this.jdbc.sql("UPDATE login_failures SET failures = CASE WHEN last_failed_at < ? THEN 1"
					+ " ELSE failures + 1 END, last_failed_at = ? WHERE key_hash = ?")
				.params(forgotten, at, key)
				.update();
			if (updated == 0) {
				try {
					this.jdbc.sql("INSERT INTO login_failures (key_hash, failures, last_failed_at, blocked_until)"
							+ " VALUES (?, 1, ?, ?)")
						.params(key, at, at)
						.update();
					return 1;
				}
				catch (DuplicateKeyException ex) {
					continue;
				}
			}
			return this.jdbc.sql("SELECT failures FROM login_failures WHERE key_hash = ?")
				.param(key)
				.query(Integer.class)
				.optional()
				.orElse(1);
		}
		throw new IllegalStateException("The failed login could not be counted");
	}

	static String keyOf(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
