package dev.platform.demo.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Per-caller token bucket at the edge: a token's subject, or the client address without a token. */
@ConfigurationProperties("gateway.rate-limit")
public class RateLimitProperties {

	/** Switches the limit off (load tests that want to reach the services). */
	private boolean enabled = true;

	/** Requests one caller may send at once; low, so a burst of a few hundred from one user meets the limit. */
	private int burst = 50;

	/** Requests per second refilled into each caller's bucket: a person clicking never notices. */
	private double requestsPerSecond = 10;

	/** Callers remembered; the least recently seen are forgotten first (an attacker cannot grow memory). */
	private int maxCallers = 10_000;

	/** The looser limit per client address before authentication, which requests refused with 401 meet too. */
	private final Address address = new Address();

	public Address getAddress() {
		return this.address;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getBurst() {
		return this.burst;
	}

	public void setBurst(int burst) {
		this.burst = burst;
	}

	public double getRequestsPerSecond() {
		return this.requestsPerSecond;
	}

	public void setRequestsPerSecond(double requestsPerSecond) {
		this.requestsPerSecond = requestsPerSecond;
	}

	public int getMaxCallers() {
		return this.maxCallers;
	}

	public void setMaxCallers(int maxCallers) {
		this.maxCallers = maxCallers;
	}

	public static class Address {

		/** Requests one address may send at once, whatever tokens they carry (a NAT's users share it). */
		private int burst = 200;

		/** Requests per second refilled into each address's bucket. */
		private double requestsPerSecond = 50;

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public double getRequestsPerSecond() {
			return this.requestsPerSecond;
		}

		public void setRequestsPerSecond(double requestsPerSecond) {
			this.requestsPerSecond = requestsPerSecond;
		}

	}

}
