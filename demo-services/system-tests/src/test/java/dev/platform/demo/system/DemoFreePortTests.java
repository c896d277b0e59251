package dev.platform.demo.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import dev.platform.test.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@link Demo#freePort()}: ports outside the kernel's ephemeral range, so a connection opened by a service that is
 * already up cannot take the port of one still starting (the cause of a "Port ... is already in use" in CI).
 */
class DemoFreePortTests {

	@Test
	void portsComeFromBelowTheEphemeralRangeAndAreBindableAndDistinct() throws IOException {
		int ephemeral = FreePorts.ephemeralRangeStart();
		assumeThat(ephemeral).as("Linux exposes the ephemeral port range").isGreaterThan(FreePorts.FIRST_FIXED_PORT + 100);
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			int port = Demo.freePort();
			assertThat(port).isGreaterThanOrEqualTo(FreePorts.FIRST_FIXED_PORT).isLessThan(ephemeral);
			assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			}
		}
	}

}
