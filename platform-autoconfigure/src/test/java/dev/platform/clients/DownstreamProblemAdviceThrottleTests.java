package dev.platform.clients;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An open breaker answers every request with 503: one warning per 10 s says so, with the count in between. */
class DownstreamProblemAdviceThrottleTests {

	@Test
	void warnsOncePerIntervalAndCountsTheOnesInBetween() {
		DownstreamProblemAdvice.Throttle throttle = new DownstreamProblemAdvice.Throttle();
		assertThat(throttle.tryWarn(-5)).isZero();
		assertThat(throttle.tryWarn(1_000)).isEqualTo(-1);
		assertThat(throttle.tryWarn(9_999_999_994L)).isEqualTo(-1);
		assertThat(throttle.tryWarn(9_999_999_995L)).isEqualTo(2);
		assertThat(throttle.tryWarn(9_999_999_996L)).isEqualTo(-1);
		assertThat(throttle.tryWarn(30_000_000_000L)).isEqualTo(1);
	}

}
