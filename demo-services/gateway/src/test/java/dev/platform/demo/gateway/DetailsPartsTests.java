package dev.platform.demo.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** The details' pool for optional parts: bounded, with a deadline, and no fetch for a part given up. */
class DetailsPartsTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final DetailsParts parts = new DetailsParts(new ThreadPoolTaskExecutorBuilder(), 1, 1,
			Duration.ofMillis(300));

	@AfterEach
	void shutDown() {
		this.release.countDown();
		this.parts.destroy();
	}

	@Test
	void fetchesAPart() throws Exception {
		assertThat(this.parts.fetch("payments", () -> "payment", "unavailable").get(5, TimeUnit.SECONDS))
			.isEqualTo("payment");
	}

	@Test
	void aPartBeyondThePoolAndItsQueueIsUnavailableAtOnce() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		this.parts.fetch("payments", () -> {
			running.countDown();
			return held();
		}, "unavailable");
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		this.parts.fetch("shipping", () -> "queued", "unavailable");

		CompletableFuture<String> rejected = this.parts.fetch("payments", () -> "never", "unavailable");
		assertThat(rejected).isCompletedWithValue("unavailable");
	}

	@Test
	void aPartStillQueuedAtItsDeadlineIsNeverFetched() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CompletableFuture<String> slow = this.parts.fetch("payments", () -> {
			running.countDown();
			return held();
		}, "unavailable");
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicInteger fetched = new AtomicInteger();
		CompletableFuture<String> queued = this.parts.fetch("shipping", () -> {
			fetched.incrementAndGet();
			return "shipment";
		}, "unavailable");

		assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("unavailable");
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("unavailable");
		this.release.countDown();
		// The pool's one thread is free again: a new part runs once the queued one was taken off the queue (until
		// then the queue is full and a part is refused at once).
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.parts.fetch("payments", () -> "next", "unavailable").get(5, TimeUnit.SECONDS),
					"next"::equals);
		assertThat(fetched).hasValue(0);
	}

	@Test
	void refusesAPoolWithoutThreadsNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DetailsParts(new ThreadPoolTaskExecutorBuilder(), 0, 1, Duration.ofSeconds(1)))
			.withMessageContaining("gateway.details.part-threads");
	}

	private String held() {
		try {
			this.release.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "late";
	}

}
