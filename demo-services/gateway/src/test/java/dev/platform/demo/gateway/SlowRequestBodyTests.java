package dev.platform.demo.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A body trickled a byte at a time is answered 408 with a problem body once the deadline has passed, and the
 * connection is closed; more slow bodies from one address than allowed at once are refused at once with 429; the
 * Tomcat threads stay free for other requests meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "gateway.request-body.deadline=1s", "gateway.request-body.max-in-flight-per-address=2",
				"gateway.request-body.max-in-flight=3",
				"server.tomcat.connection-timeout=1s", "server.tomcat.threads.max=4" })
class SlowRequestBodyTests {

	private static HttpServer users;

	@Value("${local.server.port}")
	int port;

	@Autowired
	FilterRegistrationBean<RequestBodyDeadlineFilter> bodyDeadline;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		users = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		users.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(204, -1);
			}
		});
		users.start();
		EveryServiceAt.register(registry, "http://127.0.0.1:" + users.getAddress().getPort());
	}

	@AfterAll
	static void stopUsers() {
		users.stop(0);
	}

	@Test
	void aTrickledBodyIsAnswered408AndItsConnectionClosed() throws Exception {
		try (Socket socket = slowLogin()) {
			long start = System.nanoTime();
			String answer = trickleUntilAnswered(socket);
			assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
				.contains("application/problem+json").contains("\"status\":408");
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
		}
	}

	@Test
	void slowBodiesBeyondTheLimitPerAddressAreRefusedAtOnceAndTheThreadsStayFree() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) { // twice the thread pool
				slow.add(slowLogin());
			}
			// Two being read, six answered: the refusals come at once, so their answers are there by then.
			await().atMost(Duration.ofSeconds(5)).until(() -> this.bodyDeadline.getFilter().bodiesBeingRead() == 2);
			int refused = 0;
			for (Socket socket : slow) {
				socket.setSoTimeout(1000);
				try {
					String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
					refused += answer.startsWith("HTTP/1.1 429") ? 1 : 0;
				}
				catch (java.net.SocketTimeoutException ex) {
					// still being read
				}
			}
			assertThat(refused).isEqualTo(6);
			try (Socket health = new Socket("127.0.0.1", this.port)) {
				health.setSoTimeout(2_000);
				health.getOutputStream()
					.write("GET /actuator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(health.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
					.startsWith("HTTP/1.1 200");
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
		// Every body's count is given back once its reading ends (the two still read end at their deadline).
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodyDeadline.getFilter().bodiesInProgress() == 0);
	}

	@Test
	void slowBodiesFromManyAddressesMeetAGlobalLimitSoThreadsStayFree() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			// Two from one address (its limit), one from another: the three the gateway reads at once.
			slow.add(slowLogin("127.0.0.1"));
			slow.add(slowLogin("127.0.0.1"));
			slow.add(slowLogin("127.0.0.2"));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.bodyDeadline.getFilter().bodiesBeingRead() == 3);
			try (Socket fourth = slowLogin("127.0.0.3")) {
				fourth.setSoTimeout(2_000);
				String answer = new String(fourth.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
				assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1")
					.contains("\"title\":\"Busy\"");
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bodyDeadline.getFilter().bodiesInProgress() == 0);
	}

	@Test
	void aFormBodyIsNotReadBeforeTheCallerIsAuthenticated() throws Exception {
		// Boot's form-content filter, ahead of every other filter, read PUT, PATCH and DELETE form bodies whole:
		// a slow one held a thread before the JWT filter, the rate limits and the body's deadline could refuse it.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream()
				.write(("PUT /api/orders/o1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
						+ "Content-Length: 60000\r\n\r\na=").getBytes(StandardCharsets.US_ASCII));
			// With Boot's filter the body read timed out first: 400, not the JWT filter's 401.
			byte[] status = socket.getInputStream().readNBytes(12);
			assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
		}
	}

	private Socket slowLogin() throws IOException {
		return slowLogin("127.0.0.1");
	}

	/** A login whose body is announced and not sent, from the given loopback address. */
	private Socket slowLogin(String from) throws IOException {
		Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), this.port,
				java.net.InetAddress.getByName(from), 0);
		socket.getOutputStream()
			.write(("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	/** Sends a byte every 200 ms (each read on the server's side succeeds) until the gateway answers. */
	private static String trickleUntilAnswered(Socket socket) throws Exception {
		socket.setSoTimeout(200);
		OutputStream out = socket.getOutputStream();
		InputStream in = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		for (int i = 0; i < 50; i++) {
			try {
				byte[] buffer = new byte[4096];
				int n;
				while ((n = in.read(buffer)) > 0) {
					answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
				}
				return answer.toString(); // closed by the gateway
			}
			catch (java.net.SocketTimeoutException ex) {
				try {
					out.write(' ');
				}
				catch (IOException closed) {
					return answer.toString();
				}
			}
		}
		return answer.toString();
	}

}
