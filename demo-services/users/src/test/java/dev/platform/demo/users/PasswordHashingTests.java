package dev.platform.demo.users;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PasswordHashingTests {

	private final PasswordHashing hashing = new PasswordHashing(1, Duration.ofMillis(200));

	@Test
	void aHashBeyondTheBoundIsAnsweredBusyWithRetryAfter() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.hashing.run(() -> {
			running.countDown();
			try {
				finish.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "first";
		}));
		assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> this.hashing.run(() -> "second"))
			.satisfies((busy) -> {
				assertThat(busy.getStatusCode().value()).isEqualTo(503);
				assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("1");
				assertThat(busy.getBody().getTitle()).isEqualTo("Busy");
			});
		finish.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
		// The permit came back: the next hash runs.
		assertThat(this.hashing.run(() -> "third")).isEqualTo("third");
	}

	@Test
	void aHashThatFailsGivesItsPermitBack() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.hashing.run(() -> {
			throw new IllegalStateException("encoder refused");
		}));
		assertThat(this.hashing.run(() -> "next")).isEqualTo("next");
	}

}
