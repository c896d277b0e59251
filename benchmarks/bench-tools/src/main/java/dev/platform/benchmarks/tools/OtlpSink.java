package dev.platform.benchmarks.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Accepts OTLP/HTTP exports (traces, metrics, logs) on loopback, reads and discards them, and answers 200 with
 * an empty protobuf response, as a collector that keeps up would.
 */
public final class OtlpSink {

	private final HttpServer server;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private OtlpSink(HttpServer server) {
		this.server = server;
	}

	public static OtlpSink start(int port) throws IOException {
		// The JDK's server writes the response headers and the body separately and leaves Nagle's algorithm on
		// (JDK-6968351, fixed only in later JDKs): the body then waits for the client's delayed ACK, 40 ms on Linux,
		// on every exchange. Read once, when the first server of the process is created.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
		OtlpSink sink = new OtlpSink(server);
		server.createContext("/", sink::handle);
		// Daemon threads: an in-process sink (the JMH benchmarks) must not keep the JVM alive.
		server.setExecutor(Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "bench-http");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
		return sink;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public long requests() {
		return this.requests.get();
	}

	public void stop() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		long read = 0;
		byte[] buffer = new byte[16 * 1024];
		try (InputStream body = exchange.getRequestBody()) {
			for (int n; (n = body.read(buffer)) != -1;) {
				read += n;
			}
		}
		this.requests.incrementAndGet();
		this.bytes.addAndGet(read);
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	public static void main(String[] args) throws Exception {
		OtlpSink sink = start(Integer.parseInt(args[0]));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf("otlp-sink requests=%d bytes=%d%n",
				sink.requests.get(), sink.bytes.get())));
		Thread.currentThread().join();
	}

}
