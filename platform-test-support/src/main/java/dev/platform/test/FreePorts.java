package dev.platform.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for tests that start a server on a port they must know beforehand (a broker, a service another one calls).
 * A port that is free now and that no outgoing connection can take before the server binds it: below the kernel's
 * ephemeral range. {@code new ServerSocket(0)} hands out a port from that same range, so a connection opened
 * meanwhile (to a broker, an OTLP receiver, a database) can take it first, and the server fails with "Port ... is
 * already in use".
 */
public final class FreePorts {

	/** Where {@link #next()} starts looking: above the ports services usually take by default. */
	public static final int FIRST_FIXED_PORT = 20000;

	/** Ports handed out in this JVM, so two calls never return the same one before it is bound. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * A loopback port that is free now, below the ephemeral range when the kernel tells where that starts (Linux),
	 * otherwise one the kernel hands out.
	 * @return the port
	 */
	public static int next() {
		int below = ephemeralRangeStart();
		if (below <= FIRST_FIXED_PORT + 100) {
			return anyFreePort();
		}
		for (int tries = 0; tries < 200; tries++) {
			int port = FIRST_FIXED_PORT + ThreadLocalRandom.current().nextInt(below - FIRST_FIXED_PORT);
			if (HANDED_OUT.add(port) && bindable(port)) {
				return port;
			}
		}
		return anyFreePort();
	}

	/**
	 * The first port of the kernel's ephemeral range.
	 * @return the port, or 0 when it cannot be read (not Linux)
	 */
	public static int ephemeralRangeStart() {
		// Read line by line: Files.readString trusts the size /proc reports and returns only part of the file.
		try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
			String range = reader.readLine();
			return (range != null) ? Integer.parseInt(range.trim().split("\\s+")[0]) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int anyFreePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
