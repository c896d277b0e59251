package dev.platform.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A response body read as an {@link InputStream} that must be read by a deadline. The JDK client delivers the body
 * in parts; a read that finds no part waiting waits on the calling thread, and only until the deadline, so no timer
 * and no thread of its own is involved. A body that stalls past the deadline fails with
 * {@link HttpTimeoutException}, never as a silently truncated body, and the exchange is cancelled (the connection
 * is closed rather than reused).
 * <p>
 * One part is requested at a time, after the previous one was taken, as the JDK's own
 * {@code BodySubscribers.ofInputStream()} does, so an unread body never piles up in memory.
 */
final class DeadlineBodySubscriber implements HttpResponse.BodySubscriber<InputStream> {

	/** Queued by {@link #onComplete()}; compared by identity, so no part the client delivers can be taken for it. */
	private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>(0));

	/** Parts ({@code List<ByteBuffer>}), then {@link #END} or the failure ({@code Throwable}). */
	private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

	private final long deadlineNanos;

	private final Duration timeout;

	private final Body body = new Body();

	private volatile Flow.@Nullable Subscription subscription;

	/**
	 * Creates the subscriber.
	 * @param deadlineNanos the {@link System#nanoTime()} by which the body must have been read
	 * @param timeout the timeout the deadline was derived from, for the failure's message
	 */
	DeadlineBodySubscriber(long deadlineNanos, Duration timeout) {
		this.deadlineNanos = deadlineNanos;
		this.timeout = timeout;
	}

	@Override
	public CompletionStage<InputStream> getBody() {
		return CompletableFuture.completedStage(this.body);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.body.closed) {
			subscription.cancel();
		}
		else {
			subscription.request(1);
		}
	}

	@Override
	public void onNext(List<ByteBuffer> item) {
		this.items.offer(item);
	}

	@Override
	public void onError(Throwable failure) {
		this.items.offer(failure);
	}

	@Override
	public void onComplete() {
		this.items.offer(END);
	}

	private void cancel() {
		Flow.Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
	}

	/** The stream handed to the caller; read by one thread at a time, as any {@code InputStream}. */
	private final class Body extends InputStream {

		private List<ByteBuffer> part = List.of();

		private int next;

		private @Nullable ByteBuffer buffer;

		private boolean ended;

		private @Nullable IOException failure;

		private volatile boolean closed;

		@Override
		public int read() throws IOException {
			ByteBuffer current = current();
			return (current != null) ? (current.get() & 0xff) : -1;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			Objects.checkFromIndexSize(offset, length, bytes.length);
			if (length == 0) {
				return 0;
			}
			ByteBuffer current = current();
			if (current == null) {
				return -1;
			}
			int count = Math.min(length, current.remaining());
			current.get(bytes, offset, count);
			return count;
		}

		@Override
		public int available() throws IOException {
			if (this.closed) {
				return 0;
			}
			long available = (this.buffer != null) ? this.buffer.remaining() : 0;
			for (int i = this.next; i < this.part.size(); i++) {
				available += this.part.get(i).remaining();
			}
			return (int) Math.min(available, Integer.MAX_VALUE);
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (!this.ended) {
				// Not read to its end: the exchange is abandoned and the client closes the connection.
				cancel();
			}
			this.part = List.of();
			this.buffer = null;
			DeadlineBodySubscriber.this.items.clear();
		}

		/** The buffer to read from, waiting for the next part if need be; null at the end of the body. */
		private @Nullable ByteBuffer current() throws IOException {
			while (true) {
				if (this.closed) {
					throw new IOException("Response body is closed");
				}
				if (this.failure != null) {
					throw this.failure;
				}
				ByteBuffer current = this.buffer;
				if (current != null && current.hasRemaining()) {
					return current;
				}
				if (this.next < this.part.size()) {
					this.buffer = this.part.get(this.next++);
					continue;
				}
				if (this.ended) {
					return null;
				}
				take();
			}
		}

		@SuppressWarnings("unchecked")
		private void take() throws IOException {
			Object item = poll();
			if (item == END) {
				this.ended = true;
			}
			else if (item instanceof Throwable error) {
				this.ended = true;
				this.failure = (error instanceof IOException io) ? io : new IOException(error.getMessage(), error);
			}
			else {
				this.part = (List<ByteBuffer>) item;
				this.next = 0;
				this.buffer = null;
				Flow.Subscription subscription = DeadlineBodySubscriber.this.subscription;
				if (subscription != null) {
					subscription.request(1);
				}
			}
		}

		private Object poll() throws IOException {
			BlockingQueue<Object> items = DeadlineBodySubscriber.this.items;
			Object item = items.poll();
			if (item != null) {
				return item;
			}
			long remaining = DeadlineBodySubscriber.this.deadlineNanos - System.nanoTime();
			try {
				item = (remaining > 0) ? items.poll(remaining, TimeUnit.NANOSECONDS) : null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				InterruptedIOException interrupted = new InterruptedIOException("Interrupted while reading the body");
				interrupted.initCause(ex);
				throw interrupted;
			}
			if (item == null) {
				HttpTimeoutException timeout = new HttpTimeoutException(
						"Response body not read within " + DeadlineBodySubscriber.this.timeout);
				this.failure = timeout;
				this.ended = true;
				cancel();
				throw timeout;
			}
			return item;
		}

	}

}
