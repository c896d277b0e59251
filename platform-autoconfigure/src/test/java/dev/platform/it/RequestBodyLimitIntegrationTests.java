package dev.platform.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies over {@code platform.web.max-request-body-size} are answered with 413 and a problem body carrying
 * the trace id, whether the request announces its length or sends its body in chunks, and whatever reads it.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=body-limit-it", "spring.datasource.url=jdbc:h2:mem:body-limit-it",
				"management.tracing.export.otlp.enabled=false", "platform.web.max-request-body-size=1KB" })
class RequestBodyLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aBodyWhoseContentLengthIsOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
		assertThatTooLarge(post("/notes", note(2000), false));
	}

	@Test
	void aChunkedJsonBodyIsRefusedOnceItsReadingPassesTheLimit() throws IOException {
		// Jackson wraps what the stream throws as an unreadable body; the client still learns it was too large.
		assertThatTooLarge(post("/notes", note(2000), true));
	}

	@Test
	void aChunkedBodyReadAsTextIsRefusedToo() throws IOException {
		assertThatTooLarge(post("/text", "x".repeat(5000), true));
	}

	@Test
	void aChunkedFormBodyIsAskedForItsLengthSinceTheContainerReadsItsFieldsItself() throws IOException {
		// Read by Tomcat through getParameter, past the counting stream: 5000 bytes were accepted with a 1 KB limit.
		String response = post("/form", "text=" + "f".repeat(5000), true);
		assertThat(response).startsWith("HTTP/1.1 411 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"status\":411", "A form body needs a Content-Length here, to be held to the 1024 bytes");
		// With its length, a form within the limit is read, and one over it refused before it is read.
		assertThat(post("/form", "text=" + "f".repeat(500), false)).startsWith("HTTP/1.1 200 ").contains("\r\n500");
		assertThatTooLarge(post("/form", "text=" + "f".repeat(5000), false));
	}

	@Test
	void bodiesUpToTheLimitAreRead() throws IOException {
		String exactly = note(1024 - note(0).length());
		assertThat(exactly).hasSize(1024);
		String textLength = String.valueOf(1024 - note(0).length());
		assertThat(post("/notes", exactly, false)).startsWith("HTTP/1.1 200 ").contains("\r\n" + textLength);
		assertThat(post("/notes", exactly, true)).startsWith("HTTP/1.1 200 ").contains("\r\n" + textLength);
		assertThat(post("/text", "y".repeat(1024), true)).startsWith("HTTP/1.1 200 ").contains("\r\n1024");
	}

	@Test
	void oneByteOverTheLimitIsTooLarge() throws IOException {
		assertThatTooLarge(post("/notes", note(1025 - note(0).length()), false));
		assertThatTooLarge(post("/notes", note(1025 - note(0).length()), true));
	}

	@Test
	void aClientWaitingFor100ContinueIsToldTheBodyIsTooLargeWithoutSendingIt() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 5000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThatTooLarge(response);
			assertThat(response).doesNotContain("HTTP/1.1 100");
		}
	}

	@Test
	void aClientWaitingFor100ContinueWithABodyWithinTheLimitIsAskedForIt() throws IOException {
		byte[] body = note(10).getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			StringBuilder interim = new StringBuilder();
			while (interim.indexOf("\r\n\r\n") < 0) {
				int next = socket.getInputStream().read();
				assertThat(next).as("the interim response so far: %s", interim).isNotNegative();
				interim.append((char) next);
			}
			assertThat(interim.toString()).startsWith("HTTP/1.1 100 ");
			out.write(body);
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("HTTP/1.1 200 ")
				.contains("\r\n10");
		}
	}

	private static void assertThatTooLarge(String response) {
		assertThat(response).startsWith("HTTP/1.1 413 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.containsPattern("(?i)X-Trace-Id: [0-9a-f]{32}")
			.contains("\"title\":\"Content Too Large\"", "\"status\":413",
					"\"detail\":\"The request body is larger than the 1024 bytes this service accepts.\"")
			.containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
	}

	private static String note(int textLength) {
		return "{\"text\":\"" + "n".repeat(textLength) + "\"}";
	}

	/** Over a socket, so that the test decides between a Content-Length and chunks. */
	private String post(String path, String body, boolean chunked) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String contentType = switch (path) {
			case "/text" -> "text/plain";
			case "/form" -> "application/x-www-form-urlencoded";
			default -> "application/json";
		};
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: "
					+ contentType + "\r\n"
					+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bytes.length + "\r\n")
					+ "Connection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			if (chunked) {
				for (int offset = 0; offset < bytes.length; offset += 300) {
					int length = Math.min(300, bytes.length - offset);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(bytes, offset, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			else {
				out.write(bytes);
			}
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
