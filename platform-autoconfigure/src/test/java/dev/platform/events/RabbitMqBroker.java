package dev.platform.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real RabbitMQ node the reliability tests fault: started by {@code .ci/rabbitmq}, which {@code .ci/run} calls
 * and exports {@code RABBITMQ_TEST_PORT} from. Without a reachable node the tests are skipped locally and fail
 * under {@code CI=true}.
 */
final class RabbitMqBroker {

	private RabbitMqBroker() {
	}

	static int port() {
		String port = System.getenv("RABBITMQ_TEST_PORT");
		return (port != null && !port.isBlank()) ? Integer.parseInt(port.trim()) : 5672;
	}

	static String node() {
		String node = System.getenv("RABBITMQ_TEST_NODE");
		return (node != null && !node.isBlank()) ? node : "rabbit@localhost";
	}

	static void requireRunning() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port()), 2000);
		}
		catch (IOException ex) {
			String message = "RabbitMQ is not reachable on 127.0.0.1:" + port()
					+ "; start it with .ci/rabbitmq and export RABBITMQ_TEST_PORT";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
	}

	/** Stops the broker application (the Erlang node stays up), as an outage does for clients. */
	static void stopApp() {
		rabbitmqctl("stop_app");
	}

	static void startApp() {
		rabbitmqctl("start_app");
	}

	/** Raises the broker's memory alarm (its threshold below what it uses): it blocks every publishing connection. */
	static void raiseMemoryAlarm() {
		rabbitmqctl("set_vm_memory_high_watermark", "0.00001");
	}

	/** Back to RabbitMQ's default threshold, which clears the alarm. */
	static void clearMemoryAlarm() {
		rabbitmqctl("set_vm_memory_high_watermark", "0.4");
	}

	private static void rabbitmqctl(String... command) {
		List<String> arguments = new ArrayList<>(List.of("rabbitmqctl", "-n", node()));
		arguments.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(arguments).inheritIO().start();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl %s finished", arguments).isTrue();
			assertThat(process.exitValue()).as("rabbitmqctl %s exit code", arguments).isZero();
		}
		catch (IOException ex) {
			fail("Cannot run rabbitmqctl", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail("Interrupted", ex);
		}
	}

}
