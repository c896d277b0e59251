package dev.platform.benchmarks.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model load at a fixed rate over HTTP/1.1 keep-alive connections on loopback, because wrk (Debian's)
 * cannot hold a rate and wrk2 is not packaged. Request {@code i} is due at {@code start + i / rate}; its latency
 * is measured from that due time, not from when a connection became free, so a stalled server is charged for
 * the requests it delayed (no coordinated omission).
 *
 * <p>
 * {@code FixedRateLoad <host> <port> <path> <token> <rate> <seconds> <connections>} prints one line:
 * {@code sent=.. ok=.. errors=.. rate=.. p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=..}.
 */
public final class FixedRateLoad {

	private FixedRateLoad() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		String path = args[2];
		String token = args[3];
		double rate = Double.parseDouble(args[4]);
		double seconds = Double.parseDouble(args[5]);
		int connections = Integer.parseInt(args[6]);
		long total = (long) (rate * seconds);
		long interval = (long) (1_000_000_000L / rate);
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer "
				+ token + "\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		AtomicLong next = new AtomicLong();
		// Non-200 answers (recorded) and requests lost to a broken connection (not recorded).
		AtomicLong failed = new AtomicLong();
		AtomicLong lost = new AtomicLong();
		long[][] latencies = new long[connections][];
		int[] counts = new int[connections];
		long start = System.nanoTime() + 200_000_000L;
		Thread[] threads = new Thread[connections];
		for (int c = 0; c < connections; c++) {
			int id = c;
			latencies[id] = new long[(int) (total / connections * 2 + 16)];
			threads[c] = new Thread(() -> {
				Socket socket = null;
				InputStream in = null;
				while (true) {
					long i = next.getAndIncrement();
					if (i >= total) {
						break;
					}
					long due = start + i * interval;
					for (long wait; (wait = due - System.nanoTime()) > 0;) {
						LockSupport.parkNanos(wait);
					}
					try {
						if (socket == null) {
							socket = new Socket();
							socket.setTcpNoDelay(true);
							socket.connect(new InetSocketAddress(host, port), 2000);
							socket.setSoTimeout(10_000);
							in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
						}
						OutputStream out = socket.getOutputStream();
						out.write(request);
						out.flush();
						Response response = readResponse(in);
						long latency = System.nanoTime() - due;
						if (!response.ok()) {
							failed.incrementAndGet();
						}
						if (response.close()) {
							// Tomcat closes a keep-alive connection after maxKeepAliveRequests (100).
							close(socket);
							socket = null;
						}
						if (counts[id] == latencies[id].length) {
							latencies[id] = Arrays.copyOf(latencies[id], latencies[id].length * 2);
						}
						latencies[id][counts[id]++] = latency;
					}
					catch (IOException ex) {
						lost.incrementAndGet();
						close(socket);
						socket = null;
					}
				}
				close(socket);
			}, "load-" + c);
			threads[c].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - start;
		int n = 0;
		for (int count : counts) {
			n += count;
		}
		long[] all = new long[n];
		int at = 0;
		for (int c = 0; c < connections; c++) {
			System.arraycopy(latencies[c], 0, all, at, counts[c]);
			at += counts[c];
		}
		Arrays.sort(all);
		System.out.printf("sent=%d ok=%d errors=%d rate=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d%n",
				total, n - failed.get(), failed.get() + lost.get(), n / (elapsed / 1e9), micros(all, 0.50), micros(all, 0.90),
				micros(all, 0.99), micros(all, 0.999), (n > 0) ? all[n - 1] / 1000 : -1);
	}

	private static long micros(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return -1;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000;
	}

	/** Reads one response (Content-Length or chunked): whether it was a 200, whether the server closes. */
	private static Response readResponse(InputStream in) throws IOException {
		String status = readLine(in);
		boolean ok = status.startsWith("HTTP/1.1 200");
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		for (String line; !(line = readLine(in)).isEmpty();) {
			int colon = line.indexOf(':');
			String name = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				length = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
			else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
				close = true;
			}
		}
		if (chunked) {
			for (long size; (size = Long.parseLong(readLine(in).split(";")[0].trim(), 16)) > 0;) {
				skip(in, size);
				readLine(in);
			}
			while (!readLine(in).isEmpty()) {
				// trailers
			}
		}
		else if (length > 0) {
			skip(in, length);
		}
		return new Response(ok, close);
	}

	private record Response(boolean ok, boolean close) {
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int b; (b = in.read()) != '\n';) {
			if (b == -1) {
				throw new IOException("connection closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		for (long left = bytes; left > 0;) {
			if (in.read() == -1) {
				throw new IOException("connection closed");
			}
			left--;
		}
	}

	private static void close(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// already gone
			}
		}
	}

}
