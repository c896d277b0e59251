package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Reliable events: outbox relay, consumers and the broker topology they need.
 */
@ConfigurationProperties("platform.events")
public class PlatformEventsProperties {

	/** Whether the outbox, relay and consumers are switched on. */
	private boolean enabled = true;

	/** Topic exchange every event is published to, with the event type as routing key. */
	private String exchange = "platform.events";

	/** Direct exchange that routes failed messages to each queue's dead-letter queue ({@code <queue>.dlq}). */
	private String deadLetterExchange = "platform.events.dlx";

	/** Queues this service consumes, by name, each with the routing keys (event type patterns) bound to it. */
	private Map<String, Queue> queues = new LinkedHashMap<>();

	private final Relay relay = new Relay();

	private final Consumer consumer = new Consumer();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getExchange() {
		return this.exchange;
	}

	public void setExchange(String exchange) {
		this.exchange = exchange;
	}

	public String getDeadLetterExchange() {
		return this.deadLetterExchange;
	}

	public void setDeadLetterExchange(String deadLetterExchange) {
		this.deadLetterExchange = deadLetterExchange;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public void setQueues(Map<String, Queue> queues) {
		this.queues = queues;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public Consumer getConsumer() {
		return this.consumer;
	}

	public static class Queue {

		/** Routing keys bound from the events exchange, such as {@code order.created} or {@code order.*}. */
		private List<String> bindings = new ArrayList<>();

		public List<String> getBindings() {
			return this.bindings;
		}

		public void setBindings(List<String> bindings) {
			this.bindings = bindings;
		}

	}

	public static class Relay {

		/** Whether this instance relays outbox rows to the broker. */
		private boolean enabled = true;

		/** How often the relay looks for unsent rows when it is idle; commits of this instance wake it earlier. */
		private Duration pollInterval = Duration.ofMillis(500);

		/** Rows read per round; at most one row per aggregate is in flight at a time. */
		private int batchSize = 200;

		/** How long to wait for the broker to confirm a message before treating it as failed. */
		private Duration confirmTimeout = Duration.ofSeconds(10);

		/** Pause after the first failed round; doubled after each further failed round. */
		private Duration initialBackoff = Duration.ofMillis(200);

		/** Upper bound of the pause between failed rounds. */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/** How long sent rows are kept before they are deleted. */
		private Duration retention = Duration.ofDays(7);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			Assert.isTrue(!pollInterval.isNegative() && !pollInterval.isZero(), "must be positive");
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			Assert.isTrue(batchSize > 0, "must be positive");
			this.batchSize = batchSize;
		}

		public Duration getConfirmTimeout() {
			return this.confirmTimeout;
		}

		public void setConfirmTimeout(Duration confirmTimeout) {
			Assert.isTrue(!confirmTimeout.isNegative() && !confirmTimeout.isZero(), "must be positive");
			this.confirmTimeout = confirmTimeout;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			Assert.isTrue(!initialBackoff.isNegative() && !initialBackoff.isZero(), "must be positive");
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			Assert.isTrue(!maxBackoff.isNegative() && !maxBackoff.isZero(), "must be positive");
			this.maxBackoff = maxBackoff;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			Assert.isTrue(!retention.isNegative() && !retention.isZero(), "must be positive");
			this.retention = retention;
		}

	}

	public static class Consumer {

		/** Attempts per delivery before a message goes to the dead-letter queue. */
		private int maxAttempts = 5;

		/** Pause before the second attempt; doubled for each further attempt. */
		private Duration initialBackoff = Duration.ofMillis(200);

		/** Upper bound of the pause between attempts. */
		private Duration maxBackoff = Duration.ofSeconds(5);

		/**
		 * How long the ids of processed events are kept to recognise redeliveries; older ones are deleted (at most once
		 * an hour per queue). A redelivery of an event older than this would be applied again.
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * How many times an event is returned to its queue, after its attempts, because its handler failed on the
		 * database while the consumer's own record of the event could still be written (a second database that is
		 * down, a query that times out on every attempt), before it is dead-lettered. Returns after the consumer's
		 * database itself was unreachable are not counted: the event waits for it. 0 dead-letters at once.
		 */
		private int maxReturns = 10;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			Assert.isTrue(maxAttempts > 0, "must be positive");
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			Assert.isTrue(!initialBackoff.isNegative() && !initialBackoff.isZero(), "must be positive");
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			Assert.isTrue(!maxBackoff.isNegative() && !maxBackoff.isZero(), "must be positive");
			this.maxBackoff = maxBackoff;
		}

		public int getMaxReturns() {
			return this.maxReturns;
		}

		public void setMaxReturns(int maxReturns) {
			Assert.isTrue(maxReturns >= 0, "must not be negative");
			this.maxReturns = maxReturns;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			Assert.isTrue(!retention.isNegative() && !retention.isZero(), "must be positive");
			this.retention = retention;
		}

	}

}
