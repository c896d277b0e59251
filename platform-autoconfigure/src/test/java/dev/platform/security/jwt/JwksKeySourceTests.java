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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link JwksKeySource} with a fetcher the test holds: what requests with an unknown key id do while a fetch runs.
 */
class JwksKeySourceTests {

	@Test
	void onlyAFewUnknownKeyIdsWaitForARunningFetchTheRestAreAnsweredAtOnce() throws Exception {
		CountDownLatch fetchStarted = new CountDownLatch(1);
		CountDownLatch releaseFetch = new CountDownLatch(1);
		AtomicInteger fetches = new AtomicInteger();
		JwksKeySource source = new JwksKeySource(() -> {
			fetches.incrementAndGet();
			fetchStarted.countDown();
			releaseFetch.await();
			return List.of(Jwk.fromValues(new HashMap<>(TestKeys.jwk(TestKeys.RSA.getPublic(), "rotated"))));
		}, Duration.ofSeconds(30), Duration.ofMinutes(10), System::nanoTime, JwtMetrics.NONE);
		int flood = JwksKeySource.MAX_WAITERS + 12;
		ExecutorService pool = Executors.newFixedThreadPool(flood + 1);
		try {
			// The first unknown id starts the fetch, which hangs (a slow issuer).
			Future<PublicKey> rotated = pool.submit(() -> source.find("rotated"));
			assertThat(fetchStarted.await(10, TimeUnit.SECONDS)).isTrue();
			List<Future<PublicKey>> others = new ArrayList<>();
			for (int i = 0; i < flood; i++) {
				String keyId = (i == 0) ? "rotated" : "made-up-" + i;
				others.add(pool.submit(() -> source.find(keyId)));
			}
			// All but MAX_WAITERS are answered while the fetch still hangs; they hold no thread.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> others.stream().filter(Future::isDone).count() == flood - JwksKeySource.MAX_WAITERS);
			for (Future<PublicKey> other : others) {
				if (other.isDone()) {
					assertThat(other.get()).isNull();
				}
			}
			assertThat(rotated.isDone()).isFalse();
			releaseFetch.countDown();
			assertThat(rotated.get(10, TimeUnit.SECONDS)).isEqualTo(TestKeys.RSA.getPublic());
			for (Future<PublicKey> other : others) {
				other.get(10, TimeUnit.SECONDS);
			}
			assertThat(fetches).hasValue(1);
			// Once the fetch is done, a turned-away request that tries again finds the key.
			assertThat(source.find("rotated")).isEqualTo(TestKeys.RSA.getPublic());
		}
		finally {
			releaseFetch.countDown();
			pool.shutdownNow();
		}
	}

}
