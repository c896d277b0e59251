package dev.platform.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * Loopback stub servers and canned responses for the client tests.
 */
final class Stubs {

	private Stubs() {
	}

	static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		try {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	static String url(MockWebServer server) {
		return "http://127.0.0.1:" + server.getPort();
	}

	/** A loopback URL nothing listens on: connecting fails with "connection refused". */
	static String closedPortUrl() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static MockResponse status(int code) {
		return new MockResponse.Builder().code(code).body("{}").addHeader("Content-Type", "application/json").build();
	}

	static MockResponse ok(String json) {
		return new MockResponse.Builder().code(200).body(json).addHeader("Content-Type", "application/json").build();
	}

	static void enqueue(MockWebServer server, MockResponse response, int times) {
		for (int i = 0; i < times; i++) {
			server.enqueue(response);
		}
	}

}
