package dev.platform.security.jwt;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.auth0.jwk.Jwk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link JwksKeySource} with a fetcher the test holds: what requests with an unknown key id do while a fetch runs.
 */
class JwksKeySourceTests {

	private static final int REQUESTS = 16;

	private final CountDownLatch fetchStarted = new CountDownLatch(1);

	private final CountDownLatch releaseFetch = new CountDownLatch(1);

	private final AtomicInteger fetches = new AtomicInteger();

	private final ExecutorService pool = Executors.newFixedThreadPool(REQUESTS + 1);

	@AfterEach
	void releaseTheFetch() {
		this.releaseFetch.countDown();
		this.pool.shutdownNow();
	}

	@Test
	void requestsWithAnUnknownKeyIdGiveUpOnAFetchThatHangsPastTheirWait() throws Exception {
		JwksKeySource source = source(Duration.ofMillis(200));
		// The first unknown id starts the fetch, which hangs (a slow issuer).
		Future<PublicKey> fetching = startFetch(source);
		List<Future<PublicKey>> others = findAll(source);
		// Each gives up after its wait while the fetch still hangs, holding its thread no longer.
		await().atMost(Duration.ofSeconds(10)).until(() -> others.stream().allMatch(Future::isDone));
		for (Future<PublicKey> other : others) {
			assertThat(other.get()).isNull();
		}
		assertThat(fetching.isDone()).isFalse();
		this.releaseFetch.countDown();
		assertThat(fetching.get(10, TimeUnit.SECONDS)).isEqualTo(TestKeys.RSA.getPublic());
		assertThat(this.fetches).hasValue(1);
		// After the fetch a request that gave up finds the key when it comes again.
		assertThat(source.find("rotated")).isEqualTo(TestKeys.RSA.getPublic());
	}

	@Test
	void requestsWithTheNewKeyIdGetItFromAFetchThatEndsWithinTheirWait() throws Exception {
		JwksKeySource source = source(Duration.ofSeconds(30));
		Future<PublicKey> fetching = startFetch(source);
		List<Future<PublicKey>> others = findAll(source);
		this.releaseFetch.countDown();
		assertThat(fetching.get(10, TimeUnit.SECONDS)).isEqualTo(TestKeys.RSA.getPublic());
		for (Future<PublicKey> other : others) {
			assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(TestKeys.RSA.getPublic());
		}
		// One fetch served them all.
		assertThat(this.fetches).hasValue(1);
	}

	private Future<PublicKey> startFetch(JwksKeySource source) throws InterruptedException {
		Future<PublicKey> fetching = this.pool.submit(() -> source.find("rotated"));
		assertThat(this.fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
		return fetching;
	}

	private JwksKeySource source(Duration maxWait) {
		return new JwksKeySource(() -> {
			this.fetches.incrementAndGet();
			this.fetchStarted.countDown();
			this.releaseFetch.await();
			return List.of(Jwk.fromValues(new HashMap<>(TestKeys.jwk(TestKeys.RSA.getPublic(), "rotated"))));
		}, Duration.ofSeconds(30), Duration.ofMinutes(10), System::nanoTime, JwtMetrics.NONE, maxWait);
	}

	private List<Future<PublicKey>> findAll(JwksKeySource source) {
		List<Future<PublicKey>> others = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			others.add(this.pool.submit(() -> source.find("rotated")));
		}
		return others;
	}

}
