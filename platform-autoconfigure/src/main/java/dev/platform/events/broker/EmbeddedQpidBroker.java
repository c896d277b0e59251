package dev.platform.events.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.platform.events.EventsConfigurationException;
import org.apache.qpid.server.SystemLauncher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Qpid Broker-J with an in-memory store and one AMQP 0-9-1 port on loopback. It starts when the bean is
 * initialised, before any listener container or the relay opens a connection, and stops when the context closes.
 */
public final class EmbeddedQpidBroker implements InitializingBean, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedQpidBroker.class);

	private final EmbeddedBrokerProperties properties;

	private @Nullable SystemLauncher launcher;

	private @Nullable Path workDirectory;

	public EmbeddedQpidBroker(EmbeddedBrokerProperties properties) {
		this.properties = properties;
	}

	public int getPort() {
		return this.properties.getPort();
	}

	@Override
	public void afterPropertiesSet() throws Exception {
		ensurePortIsFree(this.properties.getPort());
		Path work = Files.createTempDirectory("platform-qpid");
		this.workDirectory = work;
		Path config = work.resolve("config.json");
		Files.writeString(config, configuration(), StandardCharsets.UTF_8);
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "Memory");
		attributes.put("initialConfigurationLocation", config.toUri().toString());
		attributes.put("startupLoggedToSystemOut", false);
		attributes.put("context", Map.of("qpid.work_dir", work.toString(), "qpid.amqp_port",
				String.valueOf(this.properties.getPort())));
		SystemLauncher launcher = new SystemLauncher();
		try {
			launcher.startup(attributes);
		}
		catch (Exception ex) {
			// Spring destroys only beans that were initialised: a failed start (the port is taken, say) would
			// otherwise leave a half-started broker and its work directory behind.
			try {
				launcher.shutdown();
			}
			catch (RuntimeException shutdownFailure) {
				ex.addSuppressed(shutdownFailure);
			}
			destroy();
			throw ex;
		}
		this.launcher = launcher;
		logger.info("Embedded Qpid broker (AMQP 0-9-1) listening on 127.0.0.1:{}", this.properties.getPort());
	}

	/**
	 * Qpid starts without complaint when its port is taken (the port is merely marked as errored), and the service
	 * would then talk to whatever holds the port.
	 */
	private static void ensurePortIsFree(int port) {
		if (port <= 0) {
			return;
		}
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new EventsConfigurationException("platform.events.embedded-broker.port",
					"is " + port + ", which another process already listens on at 127.0.0.1 (" + ex.getMessage()
							+ "); choose a free port or stop that process");
		}
	}

	// PLAIN over a plain socket is what Spring AMQP uses by default; Qpid allows it only on secure ports unless
	// secureOnlyMechanisms is emptied. Acceptable because the port is bound to loopback.
	private String configuration() {
		return """
				{
				  "name": "embedded",
				  "modelVersion": "9.1",
				  "authenticationproviders": [ {
				    "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
				    "users": [ { "name": "%s", "type": "managed", "password": "%s" } ]
				  } ],
				  "ports": [ {
				    "name": "AMQP", "port": "${qpid.amqp_port}", "bindingAddress": "127.0.0.1",
				    "protocols": [ "AMQP_0_9_1" ], "authenticationProvider": "plain",
				    "virtualhostaliases": [
				      { "name": "nameAlias", "type": "nameAlias" },
				      { "name": "defaultAlias", "type": "defaultAlias" }
				    ]
				  } ],
				  "virtualhostnodes": [ {
				    "name": "default", "type": "Memory", "defaultVirtualHostNode": "true",
				    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
				  } ]
				}
				""".formatted(json(this.properties.getUsername()), json(this.properties.getPassword()));
	}

	private static String json(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	@Override
	public void destroy() throws IOException {
		SystemLauncher launcher = this.launcher;
		if (launcher != null) {
			launcher.shutdown();
			this.launcher = null;
		}
		Path work = this.workDirectory;
		if (work != null) {
			try (Stream<Path> paths = Files.walk(work)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
