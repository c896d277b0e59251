package dev.platform.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The platform's request factory over the JDK client against a real loopback server: what it sends and returns,
 * and its read timeout on the headers and on the body (which must fail, never come back truncated).
 */
class DeadlineJdkClientHttpRequestFactoryTests {

	private final MockWebServer server = Stubs.start();

	private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void sendsHeadersAndReturnsStatusHeadersAndBody() throws IOException {
		this.server.enqueue(new MockResponse.Builder().code(404)
			.addHeader("Content-Type", "application/json")
			.addHeader("X-Trace-Id", "abc")
			.body("{\"missing\":true}")
			.build());
		ClientHttpRequest request = factory(Duration.ofSeconds(5)).createRequest(uri("/users/7"), HttpMethod.GET);
		request.getHeaders().add("Accept", "application/json");
		request.getHeaders().add("Connection", "keep-alive"); // the JDK client refuses it; it is skipped, not fatal
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(response.getHeaders().getFirst("x-trace-id")).isEqualTo("abc");
			assertThat(response.getHeaders().getContentType()).hasToString("application/json");
			assertThat(read(response)).isEqualTo("{\"missing\":true}");
		}
		RecordedRequest recorded = takeRequest();
		assertThat(recorded.getTarget()).isEqualTo("/users/7");
		assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
	}

	@Test
	void sendsTheBodyWithItsLength() throws IOException {
		this.server.enqueue(Stubs.status(201));
		ClientHttpRequest request = factory(Duration.ofSeconds(5)).createRequest(uri("/orders"), HttpMethod.POST);
		request.getHeaders().add("Content-Type", "application/json");
		request.getBody().write("{\"item\":\"book\"}".getBytes(StandardCharsets.UTF_8));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		}
		RecordedRequest recorded = takeRequest();
		assertThat(recorded.getMethod()).isEqualTo("POST");
		assertThat(recorded.getHeaders().get("Content-Length")).isEqualTo("15");
		assertThat(recorded.getBody().utf8()).isEqualTo("{\"item\":\"book\"}");
	}

	@Test
	void failsWithATimeoutWhenTheHeadersComeLaterThanTheReadTimeout() {
		this.server.enqueue(new MockResponse.Builder().body("late").headersDelay(5, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> factory(Duration.ofMillis(300)).createRequest(uri("/slow"), HttpMethod.GET).execute())
			.isNotInstanceOf(HttpConnectTimeoutException.class)
			.withMessageContaining("PT0.3S");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void connectTimeoutKeepsItsTypeSoTheRetryPolicyKnowsTheRequestNeverLeft() throws IOException {
		// A loopback listener that never accepts: once its accept queue is full, the kernel drops further SYNs, so
		// the next connect waits until the client's connect timeout ends it.
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> queued = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					Socket socket = new Socket();
					queued.add(socket);
					try {
						socket.connect(listener.getLocalSocketAddress(), 200);
					}
					catch (IOException ex) {
						break;
					}
				}
				HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
				URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/never");
				long start = System.nanoTime();
				assertThatExceptionOfType(HttpConnectTimeoutException.class)
					.isThrownBy(() -> new DeadlineJdkClientHttpRequestFactory(client, Duration.ofSeconds(10))
						.createRequest(uri, HttpMethod.GET)
						.execute());
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	@Test
	void failsASmallBodyThatStallsAfterItsHeadersRatherThanReturningItTruncated() throws IOException {
		// The JDK client's request timeout ends with the headers; the body's reads are bounded by the same deadline.
		String body = "x".repeat(16 * 1024);
		this.server.enqueue(new MockResponse.Builder().body(body).throttleBody(1024, 1, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		try (ClientHttpResponse response = factory(Duration.ofMillis(800)).createRequest(uri("/stalls"), HttpMethod.GET)
			.execute()) {
			assertThatExceptionOfType(HttpTimeoutException.class)
				.isThrownBy(() -> StreamUtils.copyToByteArray(response.getBody()))
				.withMessageContaining("PT0.8S");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void failsAStreamedBodyThatStallsRatherThanReturningItTruncated() throws IOException {
		// 512 KiB at 16 KiB per second: the first part in time, the rest not.
		String body = "x".repeat(512 * 1024);
		this.server.enqueue(new MockResponse.Builder().body(body).throttleBody(16 * 1024, 1, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		try (ClientHttpResponse response = factory(Duration.ofMillis(1500)).createRequest(uri("/stalls"), HttpMethod.GET)
			.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			InputStream stream = response.getBody();
			assertThat(stream.read()).isEqualTo('x');
			assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> StreamUtils.copyToByteArray(stream))
				.withMessageContaining("body");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void skippingPastAStalledPartOfAStreamedBodyTimesOutToo() throws IOException {
		String body = "x".repeat(512 * 1024);
		this.server.enqueue(new MockResponse.Builder().body(body).throttleBody(16 * 1024, 1, TimeUnit.SECONDS).build());
		try (ClientHttpResponse response = factory(Duration.ofMillis(1500)).createRequest(uri("/stalls"), HttpMethod.GET)
			.execute()) {
			assertThatExceptionOfType(HttpTimeoutException.class)
				.isThrownBy(() -> response.getBody().skip(body.length()));
		}
	}

	@Test
	void failsAChunkedBodyThatStallsRatherThanReturningItTruncated() throws IOException {
		// No Content-Length: the end of the body is only known from the last chunk.
		this.server.enqueue(new MockResponse.Builder().chunkedBody("y".repeat(8 * 1024), 1024)
			.throttleBody(1024, 1, TimeUnit.SECONDS)
			.build());
		try (ClientHttpResponse response = factory(Duration.ofMillis(1500)).createRequest(uri("/chunked"), HttpMethod.GET)
			.execute()) {
			assertThat(response.getHeaders().getContentLength()).isEqualTo(-1);
			assertThatExceptionOfType(HttpTimeoutException.class)
				.isThrownBy(() -> StreamUtils.copyToByteArray(response.getBody()));
		}
	}

	@Test
	void streamsALargeBodyThatKeepsComingWithinTheDeadline() throws IOException {
		String body = "z".repeat(512 * 1024 + 4096);
		this.server.enqueue(new MockResponse.Builder().body(body).throttleBody(64 * 1024, 50, TimeUnit.MILLISECONDS).build());
		try (ClientHttpResponse response = factory(Duration.ofSeconds(5)).createRequest(uri("/large"), HttpMethod.GET)
			.execute()) {
			assertThat(read(response)).isEqualTo(body);
		}
	}

	@Test
	void readsABodyThatKeepsComingWithinTheDeadline() throws IOException {
		String body = "y".repeat(8 * 1024);
		this.server.enqueue(new MockResponse.Builder().body(body).throttleBody(2048, 100, TimeUnit.MILLISECONDS).build());
		try (ClientHttpResponse response = factory(Duration.ofSeconds(5)).createRequest(uri("/trickles"), HttpMethod.GET)
			.execute()) {
			assertThat(read(response)).isEqualTo(body);
		}
	}

	@Test
	void aBodyLeftUnreadIsDrainedOnCloseSoTheConnectionIsReused() throws IOException {
		this.server.enqueue(Stubs.ok("{\"first\":1}"));
		this.server.enqueue(Stubs.ok("{\"second\":2}"));
		DeadlineJdkClientHttpRequestFactory factory = factory(Duration.ofSeconds(5));
		try (ClientHttpResponse response = factory.createRequest(uri("/a"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK); // the body is never read
		}
		try (ClientHttpResponse response = factory.createRequest(uri("/b"), HttpMethod.GET).execute()) {
			assertThat(read(response)).isEqualTo("{\"second\":2}");
		}
		RecordedRequest first = takeRequest();
		RecordedRequest second = takeRequest();
		assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
		assertThat(second.getExchangeIndex()).isEqualTo(first.getExchangeIndex() + 1);
	}

	@Test
	void reportsARefusedConnectionAsTheJdkClientDoes() {
		// The retry policy retries a connect failure and judges by its type.
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> factory(Duration.ofSeconds(5))
			.createRequest(URI.create(Stubs.closedPortUrl() + "/x"), HttpMethod.GET)
			.execute());
	}

	@Test
	void anInterruptedCallerGetsAnInterruptedIoExceptionAndKeepsItsInterrupt() {
		this.server.enqueue(new MockResponse.Builder().body("late").headersDelay(5, TimeUnit.SECONDS).build());
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedIOException.class)
				.isThrownBy(() -> factory(Duration.ofSeconds(5)).createRequest(uri("/slow"), HttpMethod.GET).execute());
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void withoutAReadTimeoutWaitsForAResponseAsLongAsItTakes() throws IOException {
		this.server.enqueue(new MockResponse.Builder().body("eventually").headersDelay(400, TimeUnit.MILLISECONDS).build());
		DeadlineJdkClientHttpRequestFactory factory = factory(Duration.ZERO);
		assertThat(factory.readTimeout()).isNull();
		try (ClientHttpResponse response = factory.createRequest(uri("/slow"), HttpMethod.GET).execute()) {
			assertThat(read(response)).isEqualTo("eventually");
		}
	}

	private DeadlineJdkClientHttpRequestFactory factory(Duration readTimeout) {
		return new DeadlineJdkClientHttpRequestFactory(this.httpClient, readTimeout);
	}

	private URI uri(String path) {
		return URI.create(Stubs.url(this.server) + path);
	}

	private RecordedRequest takeRequest() {
		try {
			RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
			assertThat(request).isNotNull();
			return request;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String read(ClientHttpResponse response) throws IOException {
		return StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
	}

}
