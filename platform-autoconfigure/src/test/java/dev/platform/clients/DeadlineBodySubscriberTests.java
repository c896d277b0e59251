package dev.platform.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DeadlineBodySubscriber} fed by hand, as the JDK client feeds it: demand, parts, end, failure and the
 * deadline, without a network.
 */
class DeadlineBodySubscriberTests {

	private final Subscription subscription = new Subscription();

	@Test
	void readsThePartsInOrderAndEndsWithTheBody() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		subscriber.onNext(List.of(bytes("hel"), bytes("lo ")));
		subscriber.onNext(List.of(bytes("world")));
		subscriber.onComplete();
		InputStream body = body(subscriber);
		assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
		assertThat(body.read()).isEqualTo(-1);
		body.close();
		assertThat(this.subscription.cancelled).as("a body read to its end leaves the connection to the client")
			.isFalse();
	}

	@Test
	void asksForOnePartAtATimeAsTheyAreTaken() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		assertThat(this.subscription.requested).hasValue(1);
		subscriber.onNext(List.of(bytes("ab")));
		InputStream body = body(subscriber);
		assertThat(body.read()).isEqualTo('a');
		assertThat(this.subscription.requested).hasValue(2);
		assertThat(body.available()).isEqualTo(1);
		assertThat(body.read()).isEqualTo('b');
		assertThat(this.subscription.requested).as("nothing more is asked for until the next part is needed")
			.hasValue(2);
	}

	@Test
	void aReadThatFindsNothingBeforeTheDeadlineTimesOutAndCancelsTheExchange() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofMillis(200));
		subscriber.onNext(List.of(bytes("first")));
		InputStream body = body(subscriber);
		byte[] buffer = new byte[64];
		assertThat(body.read(buffer)).isEqualTo(5);
		long start = System.nanoTime();
		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> body.read(buffer))
			.withMessage("Response body not read within PT0.2S");
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
		assertThat(this.subscription.cancelled).isTrue();
		assertThatExceptionOfType(HttpTimeoutException.class).as("the body stays failed, not at its end")
			.isThrownBy(body::read);
	}

	@Test
	void skippingPastTheDeadlineTimesOutToo() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofMillis(100));
		subscriber.onNext(List.of(bytes("12345")));
		InputStream body = body(subscriber);
		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> body.skip(10));
	}

	@Test
	void aPartThatArrivesWhileTheCallerWaitsIsRead() throws Exception {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		AtomicReference<String> read = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			try {
				read.set(new String(body(subscriber).readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				read.set(ex.toString());
			}
		});
		reader.start();
		long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (reader.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
			Thread.onSpinWait();
		}
		assertThat(reader.getState()).as("the reader waits for the body").isEqualTo(Thread.State.TIMED_WAITING);
		subscriber.onNext(List.of(bytes("late")));
		subscriber.onComplete();
		reader.join(5000);
		assertThat(read).hasValue("late");
	}

	@Test
	void theClientsFailureIsTheReadsFailure() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		subscriber.onNext(List.of(bytes("par")));
		subscriber.onError(new IOException("connection reset"));
		InputStream body = body(subscriber);
		assertThat(body.read(new byte[8])).isEqualTo(3);
		assertThatExceptionOfType(IOException.class).isThrownBy(body::read).withMessage("connection reset");
	}

	@Test
	void closingABodyBeforeItsEndCancelsTheExchange() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		subscriber.onNext(List.of(bytes("unread")));
		InputStream body = body(subscriber);
		body.close();
		assertThat(this.subscription.cancelled).isTrue();
		assertThat(body.available()).isZero();
		assertThatExceptionOfType(IOException.class).isThrownBy(body::read).withMessageContaining("closed");
	}

	@Test
	void aBodyClosedBeforeTheClientSubscribedIsCancelledWhenItDoes() throws IOException {
		DeadlineBodySubscriber subscriber = new DeadlineBodySubscriber(System.nanoTime() + 1_000_000_000L,
				Duration.ofSeconds(1));
		body(subscriber).close();
		subscriber.onSubscribe(this.subscription);
		assertThat(this.subscription.cancelled).isTrue();
		assertThat(this.subscription.requested).hasValue(0);
	}

	@Test
	void anInterruptedReaderGetsAnInterruptedIoExceptionAndKeepsItsInterrupt() throws IOException {
		DeadlineBodySubscriber subscriber = subscribed(Duration.ofSeconds(5));
		InputStream body = body(subscriber);
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedIOException.class).isThrownBy(body::read);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(this.subscription.cancelled).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private DeadlineBodySubscriber subscribed(Duration timeout) {
		DeadlineBodySubscriber subscriber = new DeadlineBodySubscriber(System.nanoTime() + timeout.toNanos(), timeout);
		subscriber.onSubscribe(this.subscription);
		return subscriber;
	}

	private static InputStream body(DeadlineBodySubscriber subscriber) {
		return subscriber.getBody().toCompletableFuture().join();
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static final class Subscription implements Flow.Subscription {

		private final AtomicLong requested = new AtomicLong();

		private volatile boolean cancelled;

		@Override
		public void request(long n) {
			this.requested.addAndGet(n);
		}

		@Override
		public void cancel() {
			this.cancelled = true;
		}

	}

}
