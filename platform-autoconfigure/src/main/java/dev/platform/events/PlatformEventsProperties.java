package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Reliable events: outbox relay, consumers and the broker topology they need.
 */
@ConfigurationProperties("platform.events")
public class PlatformEventsProperties implements InitializingBean {

	/** Whether the outbox, relay and consumers are switched on. */
	private boolean enabled = true;

	/** Topic exchange every event is published to, with the event type as routing key. */
	private String exchange = "platform.events";

	/** Direct exchange that routes failed messages to each queue's dead-letter queue (its name plus .dlq). */
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
		// Blank is AMQP's default exchange, which routes by queue name: every event would be confirmed and dropped.
		Assert.hasText(exchange, "must not be blank");
		this.exchange = exchange;
	}

	public String getDeadLetterExchange() {
		return this.deadLetterExchange;
	}

	public void setDeadLetterExchange(String deadLetterExchange) {
		// Blank is AMQP's default exchange: a dead letter would go back to its own queue instead of <queue>.dlq.
		Assert.hasText(deadLetterExchange, "must not be blank");
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

	/** The checks that involve more than one property; each single value is checked as it is bound. */
	@Override
	public void afterPropertiesSet() {
		if (this.exchange.equals(this.deadLetterExchange)) {
			throw new EventsConfigurationException("platform.events.dead-letter-exchange",
					"is '" + this.deadLetterExchange + "', the same as platform.events.exchange; the events exchange is a "
							+ "topic exchange and the dead-letter exchange a direct one, so they need different names");
		}
		this.queues.forEach((name, queue) -> {
			if (queue.getBindings().isEmpty() || queue.getBindings().stream().anyMatch((key) -> !StringUtils.hasText(key))) {
				throw new EventsConfigurationException("platform.events.queues[" + name + "].bindings",
						"is " + queue.getBindings() + "; the queue needs at least one event type (routing key) and no "
								+ "blank one, or it receives nothing");
			}
			if (this.queues.containsKey(name + ".dlq")) {
				throw new EventsConfigurationException("platform.events.queues[" + name + ".dlq]",
						"is the name of the dead-letter queue of queue '" + name + "'; choose another name");
			}
		});
		requireOrdered("relay", this.relay.getInitialBackoff(), this.relay.getMaxBackoff());
		requireOrdered("consumer", this.consumer.getInitialBackoff(), this.consumer.getMaxBackoff());
	}

	private static void requireOrdered(String part, Duration initialBackoff, Duration maxBackoff) {
		if (initialBackoff.compareTo(maxBackoff) > 0) {
			throw new EventsConfigurationException("platform.events." + part + ".initial-backoff",
					"is " + initialBackoff + ", longer than platform.events." + part + ".max-backoff (" + maxBackoff
							+ "), which would cap every pause; make it at most the maximum");
		}
	}

	public static class Queue {

		/** Routing keys bound from the events exchange, such as order.created or order.*. */
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

		/**
		 * How long to wait for the broker to confirm a message before treating it as failed: the relay's sends (one
		 * deadline shared by the rows of a round) and the consumers' returns and dead letters.
		 */
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
			// The pauses are whole milliseconds: less would round to none.
			Assert.isTrue(initialBackoff.toMillis() >= 1, "must be at least 1ms");
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
			// The pauses are whole milliseconds: less would round to none.
			Assert.isTrue(initialBackoff.toMillis() >= 1, "must be at least 1ms");
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
