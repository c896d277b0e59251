package dev.platform.benchmarks.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Answers every request at once with a small JSON body, without a socket, so the client benchmarks measure
 * what the client layers add and not loopback networking.
 */
public final class InMemoryRequestFactory implements ClientHttpRequestFactory {

	static final byte[] BODY = "{\"id\":42,\"name\":\"item\"}".getBytes(StandardCharsets.UTF_8);

	/** Present so Boot's reflective factory builder can apply the platform's timeouts. */
	public void setConnectTimeout(Duration timeout) {
	}

	/** Present so Boot's reflective factory builder can apply the platform's timeouts. */
	public void setReadTimeout(Duration timeout) {
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
		return new Request(uri, method);
	}

	private static final class Request implements ClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final HttpHeaders headers = new HttpHeaders();

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		Request(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public ClientHttpResponse execute() {
			return new Response();
		}

		@Override
		public OutputStream getBody() {
			return this.body;
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
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public java.util.Map<String, Object> getAttributes() {
			return new java.util.HashMap<>();
		}

	}

	private static final class Response implements ClientHttpResponse {

		private final HttpHeaders headers = new HttpHeaders();

		Response() {
			this.headers.setContentType(MediaType.APPLICATION_JSON);
			this.headers.setContentLength(BODY.length);
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public void close() {
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(BODY);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
