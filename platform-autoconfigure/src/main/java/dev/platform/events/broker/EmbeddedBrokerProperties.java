package dev.platform.events.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The embedded Qpid Broker-J for local runs and fast tests.
 */
@ConfigurationProperties("platform.events.embedded-broker")
public class EmbeddedBrokerProperties {

	/** Whether to start an in-memory AMQP 0-9-1 broker inside the application (never in production). */
	private boolean enabled;

	/** Loopback port the embedded broker listens on; point spring.rabbitmq.port at it. */
	private int port = 5672;

	/** User the broker accepts with PLAIN authentication; match spring.rabbitmq.username. */
	private String username = "guest";

	/** Password of that user; match spring.rabbitmq.password. */
	private String password = "guest";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		// Not 0 either: the broker would pick a port that spring.rabbitmq.port cannot know.
		Assert.isTrue(port >= 1 && port <= 65535, "must be between 1 and 65535");
		this.port = port;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

}
