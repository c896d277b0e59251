package dev.platform.clients;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.platform.clients.AttemptsOnTheSpan.FailedAttempt;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Applies a downstream's resilience profile around the network exchange, in one fixed order (outermost
 * first):
 * <ol>
 * <li>bulkhead: a rejected call never reaches the breaker, so local saturation is not blamed on the
 * downstream;</li>
 * <li>rate limiter (when configured): same reasoning;</li>
 * <li>circuit breaker: one permission and one recorded outcome per logical call, so retries are not counted as
 * extra failures, and an open breaker fails the call before any attempt or retry happens;</li>
 * <li>retry (idempotent requests only), drawing on the retry budget;</li>
 * <li>the attempt, bounded by the connect and read timeouts of the request factory.</li>
 * </ol>
 * Runs as the last interceptor so each retry repeats only the exchange, not the caller's interceptors.
 */
final class ResilienceInterceptor implements ClientHttpRequestInterceptor {

	/** Suggested wait for failures that carry no better hint than "soon". */
	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	/** Attempts of the call the current thread is making; read by the retry predicates. */
	private static final ThreadLocal<Attempts> CURRENT = new ThreadLocal<>();

	private final DownstreamResilience resilience;

	private final AttemptsOnTheSpan attemptsOnTheSpan;

	ResilienceInterceptor(DownstreamResilience resilience) {
		this(resilience, new AttemptsOnTheSpan(ObservationRegistry.NOOP));
	}

	ResilienceInterceptor(DownstreamResilience resilience, AttemptsOnTheSpan attemptsOnTheSpan) {
		this.resilience = resilience;
		this.attemptsOnTheSpan = attemptsOnTheSpan;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String name = this.resilience.name();
		CallsPerRequest.increment(name);
		if (!this.resilience.bulkhead().tryAcquirePermission()) {
			throw new DownstreamBusyException(name, name + ": too many concurrent calls (bulkhead full)",
					DEFAULT_RETRY_AFTER, null);
		}
		try {
			if (this.resilience.rateLimiter() != null && !this.resilience.rateLimiter().acquirePermission()) {
				throw new DownstreamBusyException(name, name + ": client-side rate limit reached", DEFAULT_RETRY_AFTER,
						null);
			}
			if (!this.resilience.circuitBreaker().tryAcquirePermission()) {
				throw new DownstreamCircuitOpenException(name, name + ": circuit breaker is open, call not attempted",
						this.resilience.openDuration(), null);
			}
			return callThroughBreaker(request, body, execution);
		}
		finally {
			this.resilience.bulkhead().onComplete();
		}
	}

	private ClientHttpResponse callThroughBreaker(HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		Attempts attempts = new Attempts(this.resilience.maxAttempts());
		this.resilience.budget().recordCall();
		CheckedSupplier<ClientHttpResponse> attempt = () -> attempts.run(() -> execution.execute(request, body));
		try {
			ClientHttpResponse response;
			if (this.resilience.maxAttempts() > 1 && RetryPolicy.mayRetry(request)) {
				// A platform client called while this call runs (by an interceptor or a token source) must not
				// end this call's retry state.
				Attempts outer = CURRENT.get();
				CURRENT.set(attempts);
				try {
					response = this.resilience.retry().executeCheckedSupplier(attempt);
				}
				finally {
					if (outer != null) {
						CURRENT.set(outer);
					}
					else {
						CURRENT.remove();
					}
					if (attempts.count() > 1) {
						this.attemptsOnTheSpan.record(attempts.count(), attempts.failed());
					}
				}
			}
			else {
				response = attempt.get();
			}
			int status = RetryPolicy.statusOf(response);
			boolean onRequestThread = DownstreamStatusRecord.remember(this.resilience.name(), status,
					attempts.count());
			if (RetryPolicy.isFailure(response)) {
				this.resilience.circuitBreaker()
					.onError(attempts.lastDurationNanos(), TimeUnit.NANOSECONDS, new FailureStatus(status));
				return onRequestThread ? response
						: DownstreamStatusRecord.marked(response, this.resilience.name(), status, attempts.count());
			}
			// The call has succeeded once its body is read: a body that stalls past the read timeout is a
			// timeout, for the breaker and for the caller, not a success with an unreadable body.
			return new BodyRecordingResponse(response, attempts.lastStartNanos());
		}
		catch (Throwable failure) {
			if (isLocal(failure)) {
				// Never reached the downstream: not its failure, and not evidence for the breaker either way.
				this.resilience.circuitBreaker().releasePermission();
			}
			else {
				this.resilience.circuitBreaker()
					.onError(attempts.lastDurationNanos(), TimeUnit.NANOSECONDS, failure);
			}
			throw translate(failure);
		}
	}


	/**
	 * A failure of this process rather than of the downstream: the HTTP client refusing to build the request
	 * (an {@code IllegalArgumentException} for a header value with a line break, say), an error of the JVM, or the
	 * calling thread being interrupted. I/O failures are the downstream's (or the network's).
	 */
	private static boolean isLocal(Throwable failure) {
		return failure instanceof RuntimeException || failure instanceof Error
				|| Thread.currentThread().isInterrupted();
	}

	private RuntimeException translate(Throwable failure) {
		String name = this.resilience.name();
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if ((failure instanceof HttpTimeoutException && !(failure instanceof HttpConnectTimeoutException))
				|| (failure instanceof SocketTimeoutException && !RetryPolicy.isRetryable(failure))) {
			return new DownstreamTimeoutException(name, name + ": no response within the read timeout",
					DEFAULT_RETRY_AFTER, failure);
		}
		return new DownstreamUnavailableException(name, name + ": " + failure, DEFAULT_RETRY_AFTER, failure);
	}

	/**
	 * Whether the retry that the current call's last outcome asks for is allowed. On the last attempt the retry
	 * gives up by itself, so no budget is spent on it.
	 */
	static boolean mayRetryAgain() {
		Attempts attempts = CURRENT.get();
		if (attempts == null) {
			return false;
		}
		return !attempts.hasMore() || attempts.resilienceBudget().tryRetry();
	}

	/** Times the attempts of one call; the breaker judges slowness by the last attempt, not by backoffs. */
	private final class Attempts {

		private final int max;

		private int count;

		private long lastDurationNanos;

		private long lastStartNanos;

		private @Nullable List<FailedAttempt> failed;

		Attempts(int max) {
			this.max = max;
		}

		ClientHttpResponse run(CheckedSupplier<ClientHttpResponse> exchange) throws Throwable {
			this.count++;
			long start = System.nanoTime();
			this.lastStartNanos = start;
			try {
				ClientHttpResponse response = exchange.get();
				if (this.max > 1 && RetryPolicy.isFailure(response)) {
					failed(new FailedAttempt(this.count, "HTTP " + RetryPolicy.statusOf(response),
							System.currentTimeMillis()));
				}
				return response;
			}
			catch (Throwable failure) {
				if (this.max > 1) {
					failed(FailedAttempt.of(this.count, failure, System.currentTimeMillis()));
				}
				throw failure;
			}
			finally {
				this.lastDurationNanos = System.nanoTime() - start;
			}
		}

		private void failed(FailedAttempt attempt) {
			if (this.failed == null) {
				this.failed = new ArrayList<>(this.max);
			}
			this.failed.add(attempt);
		}

		List<FailedAttempt> failed() {
			return (this.failed != null) ? this.failed : List.of();
		}

		int count() {
			return this.count;
		}

		boolean hasMore() {
			return this.count < this.max;
		}

		RetryBudget resilienceBudget() {
			return ResilienceInterceptor.this.resilience.budget();
		}

		long lastDurationNanos() {
			return this.lastDurationNanos;
		}

		long lastStartNanos() {
			return this.lastStartNanos;
		}

	}

	/**
	 * A successful response whose outcome the breaker learns when its body has been read: success at the end of
	 * the body or when it is closed, failure when reading it fails. A read that fails (the body stalled past the
	 * read timeout, the connection dropped) throws the {@link DownstreamException} the exchange would have, so
	 * the caller gets a 503 or its fallback instead of an unreadable body.
	 */
	private final class BodyRecordingResponse extends DelegatingClientHttpResponse {

		private final long startNanos;

		private @Nullable InputStream body;

		private boolean recorded;

		BodyRecordingResponse(ClientHttpResponse response, long startNanos) {
			super(response);
			this.startNanos = startNanos;
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				this.body = new FilterInputStream(this.response.getBody()) {

					@Override
					public int read() throws IOException {
						try {
							int read = super.read();
							if (read < 0) {
								succeeded();
							}
							return read;
						}
						catch (IOException ex) {
							throw failed(ex);
						}
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						try {
							int read = super.read(buffer, offset, length);
							if (read < 0) {
								succeeded();
							}
							return read;
						}
						catch (IOException ex) {
							throw failed(ex);
						}
					}

					@Override
					public void close() throws IOException {
						// A caller that reads the stream itself may stop before its end: the body was read.
						try {
							super.close();
						}
						finally {
							succeeded();
						}
					}

					@Override
					public long skip(long count) throws IOException {
						try {
							return super.skip(count);
						}
						catch (IOException ex) {
							throw failed(ex);
						}
					}

				};
			}
			return this.body;
		}

		@Override
		public void close() {
			try {
				this.response.close();
			}
			finally {
				succeeded();
			}
		}

		private void succeeded() {
			if (!this.recorded) {
				this.recorded = true;
				ResilienceInterceptor.this.resilience.circuitBreaker()
					.onSuccess(System.nanoTime() - this.startNanos, TimeUnit.NANOSECONDS);
			}
		}

		private RuntimeException failed(IOException failure) {
			if (!this.recorded) {
				this.recorded = true;
				ResilienceInterceptor.this.resilience.circuitBreaker()
					.onError(System.nanoTime() - this.startNanos, TimeUnit.NANOSECONDS, failure);
			}
			return translate(failure);
		}

	}

	/** Stands for a failure status in the breaker's statistics; never thrown. */
	static final class FailureStatus extends Exception {

		FailureStatus(int status) {
			super("HTTP " + status, null, false, false);
		}

	}

}
