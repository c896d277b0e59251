package dev.platform.clients;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * A response body that must be read by a deadline. A read that can be served from what has arrived goes straight
 * through; one that would block is watched by {@link ReadDeadlineWatchdog}, which closes the stream when the
 * deadline passes, and the read then fails with {@link HttpTimeoutException} rather than returning a truncated
 * body.
 */
final class DeadlineInputStream extends FilterInputStream {

	private final long deadlineNanos;

	private final Duration timeout;

	private volatile boolean expired;

	DeadlineInputStream(InputStream body, long deadlineNanos, Duration timeout) {
		super(body);
		this.deadlineNanos = deadlineNanos;
		this.timeout = timeout;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0 || this.in.available() > 0) {
			return this.in.read(buffer, offset, length);
		}
		ScheduledFuture<?> watch = arm();
		try {
			return this.in.read(buffer, offset, length);
		}
		catch (IOException ex) {
			throw timedOutOr(ex);
		}
		finally {
			watch.cancel(false);
		}
	}

	@Override
	public long skip(long n) throws IOException {
		// Through read, so a skip that would block is watched too.
		if (n <= 0) {
			return 0;
		}
		byte[] buffer = new byte[(int) Math.min(n, 8192)];
		long skipped = 0;
		while (skipped < n) {
			int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (read < 0) {
				break;
			}
			skipped += read;
		}
		return skipped;
	}

	private ScheduledFuture<?> arm() throws IOException {
		if (this.expired) {
			throw timeout(null);
		}
		long remaining = this.deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			expire();
			throw timeout(null);
		}
		return ReadDeadlineWatchdog.schedule(this::expire, remaining);
	}

	/** Runs on the watchdog's thread: closing the stream wakes up the blocked read. */
	private void expire() {
		this.expired = true;
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// Closed already: the read is over either way.
		}
	}

	private IOException timedOutOr(IOException failure) {
		return this.expired ? timeout(failure) : failure;
	}

	private HttpTimeoutException timeout(@Nullable IOException cause) {
		HttpTimeoutException timeout = new HttpTimeoutException("Response body not read within " + this.timeout);
		if (cause != null) {
			timeout.initCause(cause);
		}
		return timeout;
	}

}
