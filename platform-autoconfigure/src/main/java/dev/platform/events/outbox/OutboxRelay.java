package dev.platform.events.outbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.platform.events.Backoff;
import dev.platform.events.EventsSchema;
import dev.platform.events.PlatformEventsProperties;
import dev.platform.events.RetentionDeletes;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.ConfirmingSender.Delivery;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.TraceContexts;
import com.rabbitmq.client.ShutdownSignalException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpResourceNotAvailableException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to the broker on one background thread and marks a row sent only after the broker confirmed
 * it. Per aggregate at most one row is in flight, and a later row is sent only after the earlier one was confirmed
 * and marked, which keeps each aggregate's events in order even when a send fails. Rows of different aggregates are
 * pipelined. A round in which nothing got through pauses the relay with exponential backoff; the rows stay unsent
 * and are retried. When only rows refused one by one failed, a commit's {@link #wakeUp()} ends that pause.
 * <p>
 * An event no queue is bound for (no service consumes its type yet) is confirmed by the broker and dropped there.
 * Its row is marked sent like any confirmed row, since retrying it would hold back the later events of its
 * aggregate for as long as nobody subscribes, but it is counted in {@code platform.events.unroutable} by type and
 * logged, so that a consumer that never declared its queue is seen rather than silently missing events. The row
 * stays in the outbox for the retention like every sent row.
 */
public final class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

	private final JdbcOutbox outbox;

	private final TransactionTemplate transactionTemplate;

	private final ConfirmingSender sender;

	private final EnvelopeCodec codec;

	private final TraceContexts traceContexts;

	private final PlatformEventsProperties.Relay properties;

	private final String exchange;

	private final Backoff backoff;

	private final Clock clock;

	private final @Nullable Counter publishFailures;

	private final @Nullable MeterRegistry meterRegistry;

	/** Unroutable events by type, for the log's 1st, 2nd, 4th, 8th... line per type. */
	private final ConcurrentMap<String, AtomicLong> unroutable = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean running;

	/** Why the broker blocks publishers (a memory or disk alarm), while it does. */
	private volatile @Nullable String brokerBlocked;

	private boolean wakeRequested;

	private @Nullable Thread thread;

	private final RetentionDeletes retentionDeletes = new RetentionDeletes(CLEANUP_INTERVAL);

	public OutboxRelay(JdbcOutbox outbox, TransactionTemplate transactionTemplate, ConfirmingSender sender,
			EnvelopeCodec codec, TraceContexts traceContexts, PlatformEventsProperties properties,
			@Nullable MeterRegistry meterRegistry, Clock clock) {
		this.outbox = outbox;
		this.transactionTemplate = transactionTemplate;
		this.sender = sender;
		this.codec = codec;
		this.traceContexts = traceContexts;
		this.properties = properties.getRelay();
		this.exchange = properties.getExchange();
		this.backoff = new Backoff(this.properties.getInitialBackoff(), this.properties.getMaxBackoff());
		this.clock = clock;
		this.publishFailures = (meterRegistry != null) ? Counter.builder("platform.events.publish.failures")
			.description("Outbox rows the broker did not confirm; each is retried")
			.register(meterRegistry) : null;
		this.meterRegistry = meterRegistry;
	}

	/** Asks the relay to look for rows now rather than after the poll interval. */
	public void wakeUp() {
		synchronized (this.monitor) {
			this.wakeRequested = true;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Runs one round: locks a batch, sends the first unsent row of each aggregate in it, waits for the confirms and
	 * records the outcome, all in one transaction.
	 * @return the outcome of the round
	 */
	public Round relayOnce() {
		Round round = this.transactionTemplate.execute((status) -> {
			List<OutboxRow> rows = this.outbox.lockUnsent(this.properties.getBatchSize());
			List<InFlight> inFlight = new ArrayList<>();
			List<Long> sent = new ArrayList<>();
			int failed = 0;
			int brokerFailures = 0;
			Set<String> aggregates = new HashSet<>();
			for (OutboxRow row : rows) {
				if (!aggregates.add(row.envelope().aggregateId())) {
					continue;
				}
				try {
					inFlight.add(new InFlight(row, send(row)));
				}
				catch (UnencodableEventException ex) {
					// This row only: it holds back its own aggregate, not the others.
					failed(row, ex);
					failed++;
				}
				catch (RuntimeException ex) {
					failed(row, ex);
					failed++;
					if (isConnectionFailure(ex)) {
						// The connection is gone: the rest of the batch would fail the same way.
						brokerFailures++;
						break;
					}
					// Something about this row (the client refusing a value, say): it holds back its own aggregate.
				}
			}
			// One deadline for the round: the rows went out together, so waiting the full timeout per row would hold
			// the row locks for batch-size times the timeout when a blocked broker confirms nothing.
			long deadline = System.nanoTime() + this.properties.getConfirmTimeout().toNanos();
			for (InFlight flight : inFlight) {
				try {
					Delivery delivery = ConfirmingSender.await(flight.confirm(), deadline,
							this.properties.getConfirmTimeout());
					sent.add(flight.row().seq());
					if (delivery == Delivery.UNROUTABLE) {
						unroutable(flight.row());
					}
					logger.debug("Relayed event {} ({}), trace {}", flight.row().envelope().id(),
							flight.row().envelope().type(), flight.row().envelope().traceparent());
				}
				catch (RuntimeException ex) {
					failed(flight.row(), ex);
					failed++;
					if (isConnectionFailure(ex) || isConfirmTimeout(ex)) {
						brokerFailures++;
					}
				}
			}
			this.outbox.markSent(sent, this.clock.instant());
			return new Round(rows.size(), sent.size(), failed, brokerFailures);
		});
		return (round != null) ? round : new Round(0, 0, 0, 0);
	}

	private void unroutable(OutboxRow row) {
		String type = row.envelope().type();
		if (this.meterRegistry != null) {
			Counter.builder("platform.events.unroutable")
				.description("Events the broker confirmed but no queue took, because none is bound for their type")
				.tag("type", type)
				.register(this.meterRegistry)
				.increment();
		}
		long count = this.unroutable.computeIfAbsent(type, (key) -> new AtomicLong()).incrementAndGet();
		if (Long.bitCount(count) == 1) {
			logger.warn("No queue is bound to exchange '{}' for events of type '{}', so the broker dropped event {} "
					+ "({} so far of this type); a consumer of this type has not declared its queue yet. The row "
					+ "stays in the outbox as sent until the retention", this.exchange, type, row.envelope().id(),
					count);
		}
	}

	private CompletableFuture<Delivery> send(OutboxRow row) {
		MDC.put("eventId", row.envelope().id().toString());
		try (TraceContexts.Restored restored = this.traceContexts.restore(row.envelope().traceparent(),
				"platform.events.relay", false)) {
			Message message;
			try {
				message = this.codec.toMessage(row.envelope(), this.traceContexts.currentTraceparent());
			}
			catch (RuntimeException ex) {
				throw new UnencodableEventException(ex);
			}
			return this.sender.sendAsync(this.exchange, row.envelope().type(), message);
		}
		finally {
			MDC.remove("eventId");
		}
	}

	/**
	 * Whether a send failed because the broker cannot be reached (so every other row would fail the same way), as
	 * opposed to because of the row. Anything not known to be the connection counts as the row's: taken for the
	 * connection, one row the client refuses would end every round before the rows after it.
	 */
	static boolean isConnectionFailure(Throwable ex) {
		if (ex instanceof AmqpConnectException || ex instanceof AmqpIOException || ex instanceof AmqpTimeoutException
				|| ex instanceof AmqpResourceNotAvailableException) {
			return true;
		}
		Throwable cause = ex;
		for (int i = 0; cause != null && i < 32; i++) {
			if (cause instanceof ShutdownSignalException || cause instanceof IOException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	/** A broker that does not confirm in time (blocked by a resource alarm, overloaded) is the broker's trouble. */
	private static boolean isConfirmTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.util.concurrent.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	private void failed(OutboxRow row, RuntimeException ex) {
		if (this.publishFailures != null) {
			this.publishFailures.increment();
		}
		MDC.put("eventId", row.envelope().id().toString());
		try {
			// A row that fails every round while others get through is retried round after round: warn on attempts
			// 1, 2, 4, 8, ... rather than on each.
			int attempt = row.attempts() + 1;
			String message = "Broker did not confirm event {} ({}), attempt {}, trace {}; will retry: {}";
			if (Integer.bitCount(attempt) == 1) {
				logger.warn(message, row.envelope().id(), row.envelope().type(), attempt, row.envelope().traceparent(),
						ex.getMessage());
			}
			else {
				logger.debug(message, row.envelope().id(), row.envelope().type(), attempt,
						row.envelope().traceparent(), ex.getMessage());
			}
		}
		finally {
			MDC.remove("eventId");
		}
		this.outbox.markFailed(row.seq(), String.valueOf(ex.getMessage()));
	}

	/**
	 * Tells the relay that the broker blocks this connection's publishers (a resource alarm): until
	 * {@link #brokerUnblocked()}, no round starts, so that no round holds its row locks and a database connection
	 * while a send waits for a broker that reads nothing. Spring AMQP's {@code ConnectionBlockedEvent} calls it.
	 * @param reason the broker's reason
	 */
	public void brokerBlocked(String reason) {
		this.brokerBlocked = reason;
		logger.warn("The broker blocks publishing ({}): the outbox relay waits until it unblocks; events stay in the "
				+ "outbox meanwhile", reason);
	}

	/** The broker publishes again: the relay goes on at once. */
	public void brokerUnblocked() {
		if (this.brokerBlocked != null) {
			this.brokerBlocked = null;
			logger.info("The broker unblocked publishing: the outbox relay goes on");
		}
		wakeUp();
	}

	/**
	 * Whether the broker blocks publishing now, as last reported.
	 * @return {@code true} between a blocked and an unblocked report
	 */
	public boolean isBrokerBlocked() {
		return this.brokerBlocked != null;
	}

	private void loop() {
		int failedRounds = 0;
		while (this.running) {
			if (this.brokerBlocked != null) {
				pause(this.properties.getPollInterval(), true);
				continue;
			}
			Round round;
			try {
				round = relayOnce();
				cleanUp();
			}
			catch (RuntimeException ex) {
				if (EventsSchema.isMissingTable(ex)) {
					// Dropped since startup, or the database was unreachable for the startup check; the backoff spaces
					// these lines out.
					logger.error("Outbox relay round failed: table {} is missing; create it with {} (see the Schema "
							+ "section of docs/events.md). The database says: {}", EventsSchema.OUTBOX_TABLE,
							EventsSchema.SCRIPT, EventsSchema.databaseMessage(ex));
				}
				else {
					logger.warn("Outbox relay round failed: {}", ex.getMessage());
				}
				round = new Round(0, 0, 1, 1);
			}
			catch (Error ex) {
				// An Error escaping would end the only relay thread silently while isRunning() stays true and the
				// outbox grows; a round's Error (a linkage problem, a stack overflow) is retried with backoff instead.
				logger.error("Outbox relay round failed", ex);
				round = new Round(0, 0, 1, 1);
			}
			if (round.failed() > 0 && round.sent() == 0) {
				// Nothing got through. The broker, the connection or the database in trouble: wait out the backoff.
				// Only rows refused one by one (a row the client cannot send, a nack for a full queue): the backoff
				// spaces their retries out, but a new commit's wake-up ends the pause, so that the events of other
				// aggregates do not wait behind them.
				failedRounds++;
				pause(this.backoff.after(failedRounds), round.brokerFailures() == 0);
			}
			else {
				// Some rows failed while others were confirmed: those rows hold back their own aggregates only, and
				// the next round follows at once rather than slowing every other aggregate down to the backoff.
				failedRounds = 0;
				if (round.failed() == 0 && round.read() < this.properties.getBatchSize()
						&& round.sent() == round.read()) {
					pause(this.properties.getPollInterval(), true);
				}
			}
		}
	}

	private void cleanUp() {
		Instant now = this.clock.instant();
		Instant before = now.minus(this.properties.getRetention());
		RetentionDeletes.Result result = this.retentionDeletes.runIfDue(now,
				(limit) -> this.outbox.deleteSentBefore(before, limit));
		if (result != null && result.deleted() > 0) {
			logger.debug("Deleted {} sent outbox rows older than {}{}", result.deleted(), this.properties.getRetention(),
					result.more() ? ", more to go" : "");
		}
	}

	private void pause(Duration duration, boolean wakeable) {
		long deadline = System.nanoTime() + duration.toNanos();
		synchronized (this.monitor) {
			while (this.running && !(wakeable && this.wakeRequested)) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				try {
					this.monitor.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			this.wakeRequested = false;
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::loop, "platform-outbox-relay");
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		Thread thread = this.thread;
		if (thread != null) {
			try {
				thread.join(this.properties.getConfirmTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before and stops after the listener containers (default phase); both stop before beans are destroyed. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	/**
	 * @param read rows read
	 * @param sent rows confirmed and marked sent
	 * @param failed rows the broker did not confirm
	 * @param brokerFailures of those, the ones that failed for the broker's or the connection's sake (lost, no
	 * confirm in time), not for the row's; a failed round counts as one
	 */
	public record Round(int read, int sent, int failed, int brokerFailures) {

		/**
		 * A round whose failures are all taken for the broker's (as before the count of them was kept).
		 * @param read rows read
		 * @param sent rows confirmed and marked sent
		 * @param failed rows the broker did not confirm
		 */
		public Round(int read, int sent, int failed) {
			this(read, sent, failed, failed);
		}

	}

	private record InFlight(OutboxRow row, CompletableFuture<Delivery> confirm) {
	}

	/** A row that cannot be turned into a message, whatever the broker's state. */
	private static final class UnencodableEventException extends RuntimeException {

		UnencodableEventException(RuntimeException cause) {
			super("The event cannot be encoded: " + cause.getMessage(), cause);
		}

	}

}
