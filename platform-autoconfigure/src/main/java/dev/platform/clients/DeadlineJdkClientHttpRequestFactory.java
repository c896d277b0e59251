package dev.platform.clients;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.StreamUtils;
import org.springframework.util.StringUtils;

/**
 * Requests over the JDK's {@link HttpClient} whose read timeout costs nothing until it fires; what the platform
 * clients use when Boot's detected HTTP client is the JDK's.
 * <p>
 * Spring's {@code JdkClientHttpRequestFactory} bounds an exchange with a {@code CompletableFuture} per request
 * that it cancels when the response is closed. {@code CompletableFuture.cancel} creates a
 * {@code CancellationException}, and completing the future's dependents creates {@code CompletionException}s,
 * each filling in the caller's whole stack trace: on a request thread of a servlet application (about 120 frames
 * deep) that is about 45 µs of CPU and 10 KiB per call, paid on every successful call (docs/benchmarks.md).
 * <p>
 * Here the same bound, from sending the request until its body is read, is kept without creating anything that is
 * not needed: the caller waits for the response with a timed {@code get}. A body of known length up to
 * {@link #WHOLE_BODY_LIMIT}, the usual JSON answer, is received whole before the response completes, so that wait
 * covers it. Any other body streams, and a read of it that would block is watched by {@link ReadDeadlineWatchdog},
 * which closes the stream if the deadline passes first (the read then fails with {@link HttpTimeoutException},
 * never with a silently truncated body).
 * <p>
 * Requests are buffered (the platform clients' interceptors buffer them anyway) and sent with their length.
 */
final class DeadlineJdkClientHttpRequestFactory implements ClientHttpRequestFactory {

	/** The largest body received whole before the response is handed over; larger or unsized ones stream. */
	static final int WHOLE_BODY_LIMIT = 256 * 1024;

	/**
	 * A body whose {@code Content-Length} is at most {@link #WHOLE_BODY_LIMIT} is received whole before the response
	 * completes, so the timed wait for the response covers it and reading it never waits for the network; any other
	 * body streams, watched by {@link DeadlineInputStream}.
	 */
	private static final HttpResponse.BodyHandler<InputStream> BODY_HANDLER = (info) -> {
		long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
		return (length >= 0 && length <= WHOLE_BODY_LIMIT)
				? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
						ByteArrayInputStream::new)
				: HttpResponse.BodySubscribers.ofInputStream();
	};

	/** Headers the JDK client refuses to take from the caller (it sets them itself), as Spring's factory skips. */
	private static final Set<String> RESTRICTED_HEADERS = restrictedHeaders();

	private final HttpClient httpClient;

	private final @Nullable Duration readTimeout;

	DeadlineJdkClientHttpRequestFactory(HttpClient httpClient, @Nullable Duration readTimeout) {
		this.httpClient = httpClient;
		this.readTimeout = (readTimeout != null && readTimeout.isZero()) ? null : readTimeout;
	}

	HttpClient httpClient() {
		return this.httpClient;
	}

	@Nullable Duration readTimeout() {
		return this.readTimeout;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new Request(uri, httpMethod);
	}

	private static Set<String> restrictedHeaders() {
		Set<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		headers.addAll(Set.of("connection", "content-length", "expect", "host", "upgrade"));
		// The JDK lets an application allow some of them; Spring's factory honours that, so this one does too.
		headers.removeAll(StringUtils.commaDelimitedListToSet(System.getProperty("jdk.httpclient.allowRestrictedHeaders")));
		return headers;
	}

	private final class Request extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Request(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			HttpRequest request = buildRequest(headers, body);
			Duration timeout = DeadlineJdkClientHttpRequestFactory.this.readTimeout;
			long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
			CompletableFuture<HttpResponse<InputStream>> exchange = DeadlineJdkClientHttpRequestFactory.this.httpClient
				.sendAsync(request, BODY_HANDLER);
			HttpResponse<InputStream> response = awaitResponse(exchange, timeout);
			InputStream stream = response.body();
			boolean streaming = !(stream instanceof ByteArrayInputStream);
			return new Response(response,
					(timeout != null && streaming) ? new DeadlineInputStream(stream, deadline, timeout) : stream);
		}

		private HttpRequest buildRequest(HttpHeaders headers, byte[] body) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri);
			headers.forEach((name, values) -> {
				if (!RESTRICTED_HEADERS.contains(name)) {
					for (String value : values) {
						builder.header(name, value);
					}
				}
			});
			HttpRequest.BodyPublisher publisher = (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody();
			return builder.method(this.method.name(), publisher).build();
		}

		private HttpResponse<InputStream> awaitResponse(CompletableFuture<HttpResponse<InputStream>> exchange,
				@Nullable Duration timeout) throws IOException {
			try {
				return (timeout != null) ? exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS) : exchange.get();
			}
			catch (TimeoutException ex) {
				exchange.cancel(true);
				throw new HttpTimeoutException("No response from " + this.uri.getHost() + " within " + timeout);
			}
			catch (InterruptedException ex) {
				exchange.cancel(true);
				Thread.currentThread().interrupt();
				InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting for "
						+ this.uri.getHost());
				interrupted.initCause(ex);
				throw interrupted;
			}
			catch (ExecutionException ex) {
				throw unwrap(ex.getCause());
			}
		}

		/** The failure as the JDK client raised it (its type tells the retry policy what happened). */
		private IOException unwrap(@Nullable Throwable cause) {
			if (cause instanceof UncheckedIOException unchecked) {
				return unchecked.getCause();
			}
			if (cause instanceof IOException io) {
				return io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			return new IOException((cause != null) ? cause.getMessage() : "Exchange failed", cause);
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpResponse<InputStream> response;

		private final HttpHeaders headers;

		private final InputStream body;

		Response(HttpResponse<InputStream> response, InputStream body) {
			this.response = response;
			this.body = body;
			LinkedCaseInsensitiveMap<List<String>> map = new LinkedCaseInsensitiveMap<>(
					response.headers().map().size(), Locale.ROOT);
			map.putAll(response.headers().map());
			this.headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(CollectionUtils.toMultiValueMap(map)));
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.statusCode());
		}

		@Override
		public String getStatusText() {
			// The JDK client does not expose the reason phrase (nor does HTTP/2 have one).
			return "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		/**
		 * Reads what is left of the body (within the deadline), so the connection goes back to the pool, then
		 * closes it; a body the caller did not read to its end would otherwise cost the connection.
		 */
		@Override
		public void close() {
			try {
				try {
					StreamUtils.drain(this.body);
				}
				finally {
					this.body.close();
				}
			}
			catch (IOException ex) {
				// Nothing left to give the caller; the connection is closed rather than reused.
			}
		}

	}

}
