package dev.platform.benchmarks.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The downstream of {@code /work}: answers every request at once with a small JSON document. */
public final class DownstreamStub {

	private static final byte[] ITEM = "{\"id\":42,\"name\":\"item\",\"price\":\"9.99\"}"
		.getBytes(StandardCharsets.UTF_8);

	private DownstreamStub() {
	}

	public static HttpServer start(int port) throws IOException {
		// The JDK's server writes the response headers and the body separately and leaves Nagle's algorithm on
		// (JDK-6968351, fixed only in later JDKs): the body then waits for the client's delayed ACK, 40 ms on Linux,
		// on every exchange. Read once, when the first server of the process is created.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
		server.createContext("/", DownstreamStub::handle);
		// Daemon threads: an in-process sink (the JMH benchmarks) must not keep the JVM alive.
		server.setExecutor(Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "bench-http");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
		return server;
	}

	private static void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, ITEM.length);
		exchange.getResponseBody().write(ITEM);
		exchange.close();
	}

	public static void main(String[] args) throws Exception {
		start(Integer.parseInt(args[0]));
		Thread.currentThread().join();
	}

}
