package dev.platform.security.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import com.auth0.jwk.Jwk;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keys of a JWKS document, cached by {@code kid}. An unknown {@code kid} triggers a refetch, at most one per
 * interval however many unknown ids arrive; requests with an unknown id wait for a fetch that is already running,
 * but at most a second, then look at what it has brought so far. A failed fetch keeps the keys already known, so
 * an outage of the issuer's endpoint does not stop tokens signed with them. Keys older than the maximum age are fetched again when
 * next used, by the one request that finds the set stale while no fetch runs (the others go on with the cached keys
 * instead of waiting), so a key the issuer removed stops working within that age even when no new {@code kid} ever
 * arrives.
 */
final class JwksKeySource implements VerificationKeySource {

	private static final Log logger = LogFactory.getLog(JwksKeySource.class);

	private static final int MAX_KEY_ID_LENGTH = 256;

	/** How long a request with an unknown key id waits at most for a fetch that is already running. */
	static final Duration MAX_WAIT = Duration.ofSeconds(1);

	/** Past this many weak key ids (no real key set has them), further ones are logged at debug level only. */
	private static final int MAX_WEAK_KEYS_REMEMBERED = 64;

	/** A JWKS of a few dozen keys is some tens of kilobytes; anything near this is not a key set. */
	private static final int MAX_DOCUMENT_BYTES = 1 << 20;

	private final JwksFetcher fetcher;

	private final long minIntervalNanos;

	private final long maxAgeNanos;

	/** Held while a fetch runs: unknown ids wait for it, a stale set is refreshed only by whoever gets it at once. */
	private final ReentrantLock fetching = new ReentrantLock();

	/** How long a request with an unknown key id waits for a fetch another request runs. */
	private final long maxWaitNanos;

	/** When the last fetch that succeeded started, valid once {@link #fetched} is set. */
	private volatile long lastSuccess;

	private volatile boolean fetched;

	private final LongSupplier nanoTime;

	private final JwtMetrics metrics;

	private volatile Map<String, PublicKey> keys = Map.of();

	/** Key ids already warned about as too weak: a document is fetched again and again, the warning is said once. */
	private final Set<String> weakKeysWarned = ConcurrentHashMap.newKeySet();

	/** When the last fetch started; written with {@link #fetching} held, read without it too. */
	private volatile long lastAttempt;

	private volatile boolean attempted;

	JwksKeySource(JwksFetcher fetcher, Duration minInterval, Duration maxAge, LongSupplier nanoTime,
			JwtMetrics metrics) {
		this(fetcher, minInterval, maxAge, nanoTime, metrics, MAX_WAIT);
	}

	JwksKeySource(JwksFetcher fetcher, Duration minInterval, Duration maxAge, LongSupplier nanoTime,
			JwtMetrics metrics, Duration maxWait) {
		this.maxWaitNanos = maxWait.toNanos();
		this.fetcher = fetcher;
		this.minIntervalNanos = minInterval.toNanos();
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
		this.metrics = metrics;
	}

	static JwksKeySource forUrl(URL url, Duration connectTimeout, Duration readTimeout, Duration minInterval,
			Duration maxAge, JwtMetrics metrics) {
		return forUrl(url, connectTimeout, readTimeout, minInterval, maxAge, System::nanoTime, metrics);
	}

	static JwksKeySource forUrl(URL url, Duration connectTimeout, Duration readTimeout, Duration minInterval,
			Duration maxAge, LongSupplier nanoTime, JwtMetrics metrics) {
		int connect = (int) connectTimeout.toMillis();
		int read = (int) readTimeout.toMillis();
		return new JwksKeySource(() -> fetchDocument(url, connect, read), minInterval, maxAge, nanoTime, metrics);
	}

	/**
	 * Fetches the JWKS document and reads its keys one by one. (jwks-rsa's {@code UrlJwkProvider.getAll} gives up
	 * on the whole document at the first JWK it cannot read, so one odd entry would hide a new signing key.)
	 */
	static List<Jwk> fetchDocument(URL url, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) url.openConnection();
		try {
			connection.setConnectTimeout(connectTimeoutMillis);
			connection.setReadTimeout(readTimeoutMillis);
			connection.setRequestProperty("Accept", "application/json");
			int status = connection.getResponseCode();
			if (status != HttpURLConnection.HTTP_OK) {
				throw new IOException("The JWKS endpoint answered " + status);
			}
			byte[] body;
			try (InputStream in = connection.getInputStream()) {
				body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
			}
			if (body.length > MAX_DOCUMENT_BYTES) {
				throw new IOException("The JWKS document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
			}
			Object keys;
			try {
				keys = JsonObjectReader.read(body).get("keys");
			}
			catch (IllegalArgumentException ex) {
				throw new IOException("The JWKS document is not a JSON object: " + ex.getMessage(), ex);
			}
			if (!(keys instanceof List<?> entries)) {
				throw new IOException("The JWKS document has no \"keys\" array");
			}
			List<Jwk> jwks = new ArrayList<>(entries.size());
			for (Object entry : entries) {
				if (entry instanceof Map<?, ?> values) {
					try {
						@SuppressWarnings("unchecked")
						Map<String, Object> copy = new HashMap<>((Map<String, Object>) values);
						jwks.add(Jwk.fromValues(copy));
					}
					catch (RuntimeException ex) {
						logger.debug("Skipping unreadable JWK " + values.get("kid") + ": " + ex);
					}
				}
			}
			return jwks;
		}
		finally {
			connection.disconnect();
		}
	}

	@Override
	public @Nullable PublicKey find(@Nullable String keyId) {
		if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH) {
			return null;
		}
		PublicKey key = this.keys.get(keyId);
		if (key != null) {
			if (!isStale() || !this.fetching.tryLock()) {
				return key;
			}
			// The set is older than its maximum age and no fetch runs: this request refreshes it.
			try {
				refetch();
			}
			finally {
				this.fetching.unlock();
			}
			return this.keys.get(keyId);
		}
		if (!this.fetching.isLocked() && !isFetchDue()) {
			// No fetch runs, and none may start within the interval: the keys are as fresh as they can be. A flood
			// of unknown ids is answered here, without taking the lock.
			return null;
		}
		if (this.fetching.tryLock()) {
			try {
				refetch();
			}
			finally {
				this.fetching.unlock();
			}
			return this.keys.get(keyId);
		}
		// A fetch is running and may bring the key (a rotation): wait for it, but not for as long as a slow issuer
		// takes (connect and read timeouts, 5 s by default): a flood of made-up key ids would hold a request thread
		// each for all of that. Whatever the fetch has brought by then is looked at again.
		try {
			if (this.fetching.tryLock(this.maxWaitNanos, TimeUnit.NANOSECONDS)) {
				try {
					refetch();
				}
				finally {
					this.fetching.unlock();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.keys.get(keyId);
	}

	private boolean isStale() {
		return this.fetched && this.nanoTime.getAsLong() - this.lastSuccess > this.maxAgeNanos;
	}

	private boolean isFetchDue() {
		return !this.attempted || this.nanoTime.getAsLong() - this.lastAttempt >= this.minIntervalNanos;
	}

	/** Fetches the set unless a fetch started less than the interval ago; called with {@link #fetching} held. */
	private void refetch() {
		long now = this.nanoTime.getAsLong();
		if (this.attempted && now - this.lastAttempt < this.minIntervalNanos) {
			return;
		}
		this.attempted = true;
		this.lastAttempt = now;
		try {
			this.keys = toKeys(this.fetcher.fetch());
			this.lastSuccess = now;
			this.fetched = true;
			this.metrics.jwksFetch(true);
		}
		catch (Exception ex) {
			this.metrics.jwksFetch(false);
			logger.warn("JWKS fetch failed, keeping " + this.keys.size() + " cached key(s): " + ex);
		}
	}

	private Map<String, PublicKey> toKeys(List<Jwk> jwks) {
		Map<String, PublicKey> keys = new HashMap<>();
		for (Jwk jwk : jwks) {
			if (jwk.getId() == null || (jwk.getUsage() != null && !"sig".equals(jwk.getUsage()))) {
				continue;
			}
			try {
				PublicKey key = jwk.getPublicKey();
				if (key instanceof RSAPublicKey rsa && !JwtTokenVerifier.isStrongEnough(rsa)) {
					String message = "Skipping JWK '" + jwk.getId() + "': a " + rsa.getModulus().bitLength()
							+ "-bit RSA key, under the " + JwtTokenVerifier.MIN_RSA_BITS + " bits required";
					if (this.weakKeysWarned.size() < MAX_WEAK_KEYS_REMEMBERED && this.weakKeysWarned.add(jwk.getId())) {
						logger.warn(message);
					}
					else {
						logger.debug(message);
					}
				}
				else if (key instanceof RSAPublicKey || key instanceof ECPublicKey) {
					keys.put(jwk.getId(), key);
				}
			}
			catch (Exception ex) {
				logger.debug("Skipping unusable JWK '" + jwk.getId() + "': " + ex);
			}
		}
		return Map.copyOf(keys);
	}

	/** Fetches and parses the whole JWKS document. */
	@FunctionalInterface
	interface JwksFetcher {

		List<Jwk> fetch() throws Exception;

	}

}
