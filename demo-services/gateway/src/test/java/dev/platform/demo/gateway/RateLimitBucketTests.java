package dev.platform.demo.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitBucketTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void allowsTheBurstThenAsksToWaitForTheNextToken() {
		RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(3, 2, 0);

		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isZero();
		assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
	}

	@Test
	void refillsAtTheConfiguredRateUpToTheBurst() {
		RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(2, 1, 0);
		bucket.take(0);
		bucket.take(0);

		assertThat(bucket.take(SECOND)).isZero();
		assertThat(bucket.take(SECOND)).isPositive();
		// A long pause refills to the burst, not beyond it.
		assertThat(bucket.take(100 * SECOND)).isZero();
		assertThat(bucket.take(100 * SECOND)).isZero();
		assertThat(bucket.take(100 * SECOND)).isPositive();
	}

}
