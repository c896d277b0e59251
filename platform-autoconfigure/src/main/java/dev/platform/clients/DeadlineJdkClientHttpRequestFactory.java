package dev.platform.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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
 * Spring's {@code JdkClientHttpRequestFactory} sends every request with {@code HttpClient.sendAsync}. That method
 * makes the client run the whole exchange on its worker threads and hand the response over through the common
 * pool; a call from a thread that waits for the answer anyway pays for those hand-offs: about 150 µs of CPU per call
 * on the benchmark machine, more than the rest of the exchange (docs/benchmarks.md). With a read timeout, Spring
 * also bounds the exchange with a {@code CompletableFuture} that it cancels when the response is closed, and the
 * cancellation fills in the caller's stack trace two or three times: about 40 µs and 10 KiB per call on a servlet
 * request thread.
 * <p>
 * Here the request is sent with the blocking {@code HttpClient.send}, which runs the exchange on the calling thread
 * until it has to wait for the network. The read timeout keeps Spring's bound, from sending the request until its
 * body is read, without a timer of its own: the JDK client's request timeout bounds the wait for the response
 * headers, and {@link DeadlineBodySubscriber} bounds each wait for the body on the calling thread, failing a body
 * that stalls with {@link HttpTimeoutException} (never with a silently truncated body).
 * <p>
 * Requests are buffered (the platform clients' interceptors buffer them anyway) and sent with their length.
 */
final class DeadlineJdkClientHttpRequestFactory implements ClientHttpRequestFactory {

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
			Duration timeout = DeadlineJdkClientHttpRequestFactory.this.readTimeout;
			HttpResponse.BodyHandler<InputStream> bodyHandler;
			if (timeout != null) {
				long deadline = System.nanoTime() + timeout.toNanos();
				bodyHandler = (info) -> new DeadlineBodySubscriber(deadline, timeout);
			}
			else {
				bodyHandler = HttpResponse.BodyHandlers.ofInputStream();
			}
			HttpResponse<InputStream> response = send(buildRequest(headers, body, timeout), bodyHandler, timeout);
			return new Response(response, response.body());
		}

		private HttpRequest buildRequest(HttpHeaders headers, byte[] body, @Nullable Duration timeout) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.uri);
			if (timeout != null) {
				// The JDK client's own timer, ended when the response headers arrive.
				builder.timeout(timeout);
			}
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

		private HttpResponse<InputStream> send(HttpRequest request, HttpResponse.BodyHandler<InputStream> bodyHandler,
				@Nullable Duration timeout) throws IOException {
			try {
				return DeadlineJdkClientHttpRequestFactory.this.httpClient.send(request, bodyHandler);
			}
			catch (HttpConnectTimeoutException ex) {
				// Its type tells the retry policy that the request never left.
				throw ex;
			}
			catch (HttpTimeoutException ex) {
				HttpTimeoutException timedOut = new HttpTimeoutException(
						"No response from " + this.uri.getHost() + " within " + timeout);
				timedOut.initCause(ex);
				throw timedOut;
			}
			catch (InterruptedException ex) {
				// The JDK client has cancelled the exchange.
				Thread.currentThread().interrupt();
				InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting for "
						+ this.uri.getHost());
				interrupted.initCause(ex);
				throw interrupted;
			}
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
