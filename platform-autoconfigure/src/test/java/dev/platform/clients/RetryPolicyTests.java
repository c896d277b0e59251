package dev.platform.clients;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	@Test
	void readsRetryAfterAsDelaySeconds() {
		assertThat(RetryPolicy.retryAfter(withRetryAfter("3"))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void readsRetryAfterAsAnHttpDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
		assertThat(RetryPolicy.retryAfter(withRetryAfter(date))).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
	}

	@Test
	void ignoresAnUnreadableRetryAfter() {
		assertThat(RetryPolicy.retryAfter(withRetryAfter("tomorrow-ish"))).isNull();
	}

	@Test
	void treatsOnlySafeMethodsOrAnIdempotencyKeyAsRepeatable() {
		assertThat(RetryPolicy.mayRetry(new MockClientHttpRequest(HttpMethod.PUT, "/x"))).isTrue();
		assertThat(RetryPolicy.mayRetry(new MockClientHttpRequest(HttpMethod.PATCH, "/x"))).isFalse();
		MockClientHttpRequest keyed = new MockClientHttpRequest(HttpMethod.PATCH, "/x");
		keyed.getHeaders().add("Idempotency-Key", "k");
		assertThat(RetryPolicy.mayRetry(keyed)).isTrue();
	}

	@Test
	void spendsNoMoreRetriesThanTheBudgetHasEarned() {
		RetryBudget budget = new RetryBudget(0.25, 1);
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();
		for (int i = 0; i < 4; i++) {
			budget.recordCall();
		}
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();
	}

	@Test
	void capsTheSavedRetriesAtTheReserve() {
		RetryBudget budget = new RetryBudget(1, 2);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();
	}

	private static MockClientHttpResponse withRetryAfter(String value) {
		MockClientHttpResponse response = new MockClientHttpResponse(new byte[0], HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().add("Retry-After", value);
		return response;
	}

}
