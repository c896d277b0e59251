package dev.platform.events.consumer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.platform.events.Backoff;
import dev.platform.events.EventEnvelope;
import dev.platform.events.EventHandler;
import dev.platform.events.EventsSchema;
import dev.platform.events.PlatformEventsProperties;
import dev.platform.events.ReceivedEvent;
import dev.platform.events.RetentionDeletes;
import dev.platform.events.UnprocessableEventException;
import dev.platform.events.amqp.ConfirmingSender;
import dev.platform.events.amqp.EnvelopeCodec;
import dev.platform.events.amqp.EventTopology;
import dev.platform.events.amqp.TraceContexts;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each delivery once: the processed-event record and the handler's effect commit in one transaction, and
 * the message is acknowledged only after that commit. A redelivery of a committed event is acknowledged without
 * calling the handler. A failing handler is retried with backoff on the listener thread; after the last attempt
 * the message is published, with the failure in its headers, to the dead-letter queue and then acknowledged (at
 * once, without further attempts, when the handler throws {@link UnprocessableEventException}). When
 * the last failure is the database being unavailable, the message is returned to the queue instead: with no limit
 * when the record of the event could not be written (the consumer's database is down, or the record's table is
 * missing, which is reported at most once a minute; the event waits for either), and at most {@code max-returns}
 * times when it could and only the handler failed on a database (each return is a copy at the back of the queue
 * that counts itself in a header), then dead-lettered.
 */
public final class IdempotentEventListener implements ChannelAwareMessageListener {

	/** Header: message of the last failure, masked as the logs mask it, at most 1000 characters. */
	public static final String FAILURE_REASON_HEADER = "x-platform-failure-reason";

	/** Header: class of the last failure. */
	public static final String FAILURE_EXCEPTION_HEADER = "x-platform-failure-exception";

	/** Header: attempts made before dead-lettering. */
	public static final String ATTEMPTS_HEADER = "x-platform-attempts";

	/** Header: the queue the message failed in. */
	public static final String ORIGINAL_QUEUE_HEADER = "x-platform-original-queue";

	/** Header: how often the message was returned to its queue after its handler failed on a database. */
	public static final String RETURNS_HEADER = "x-platform-returns";

	private static final Logger logger = LoggerFactory.getLogger(IdempotentEventListener.class);

	/** How often the records of processed events older than the retention are deleted. */
	static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

	/** The longest failure reason a dead letter carries. */
	static final int MAX_FAILURE_REASON_LENGTH = 1000;

	/** How often, at most, events returned because the table of processed events is missing are reported. */
	static final Duration MISSING_TABLE_REPORT_INTERVAL = Duration.ofMinutes(1);

	private final String queue;

	private final EventHandler handler;

	private final ProcessedEvents processedEvents;

	private final TransactionTemplate transactionTemplate;

	private final EnvelopeCodec codec;

	private final ConfirmingSender sender;

	private final TraceContexts traceContexts;

	private final PlatformEventsProperties properties;

	private final Backoff backoff;

	private final @Nullable MeterRegistry meterRegistry;

	private final Clock clock;

	private final UnaryOperator<String> failureReasonMasker;

	/** Deletes the records of processed events; the first delivery after start prunes. */
	private final RetentionDeletes retentionDeletes = new RetentionDeletes(PRUNE_INTERVAL);

	/** When a missing table of processed events may be reported again; the first return reports it. */
	private final AtomicReference<Instant> nextMissingTableReport = new AtomicReference<>(Instant.MIN);

	/** Events returned because the table of processed events is missing, since the last report. */
	private final AtomicLong returnedForMissingTable = new AtomicLong();

	/** Dead-letter sends that failed in a row: spaces out the returns of messages that cannot be dead-lettered. */
	private final AtomicLong deadLetterFailures = new AtomicLong();

	/**
	 * @param failureReasonMasker masks secrets in a failure's message before it goes into a dead letter's
	 * {@link #FAILURE_REASON_HEADER}, as the logs mask them
	 */
	public IdempotentEventListener(String queue, EventHandler handler, ProcessedEvents processedEvents,
			TransactionTemplate transactionTemplate, EnvelopeCodec codec, ConfirmingSender sender,
			TraceContexts traceContexts, PlatformEventsProperties properties, @Nullable MeterRegistry meterRegistry,
			Clock clock, UnaryOperator<String> failureReasonMasker) {
		this.queue = queue;
		this.handler = handler;
		this.processedEvents = processedEvents;
		this.transactionTemplate = transactionTemplate;
		this.codec = codec;
		this.sender = sender;
		this.traceContexts = traceContexts;
		this.properties = properties;
		this.backoff = new Backoff(properties.getConsumer().getInitialBackoff(),
				properties.getConsumer().getMaxBackoff());
		this.meterRegistry = meterRegistry;
		this.clock = clock;
		this.failureReasonMasker = failureReasonMasker;
	}

	@Override
	public void onMessage(Message message, @Nullable Channel channel) throws Exception {
		if (channel == null) {
			throw new IllegalStateException("Events listener needs a channel (acknowledge mode MANUAL)");
		}
		long deliveryTag = message.getMessageProperties().getDeliveryTag();
		EventEnvelope envelope;
		try {
			envelope = this.codec.fromMessage(message);
		}
		catch (IllegalArgumentException ex) {
			logger.error("Dead-lettering unreadable message {} from {}: {}",
					message.getMessageProperties().getMessageId(), this.queue, ex.getMessage(), ex);
			finish(channel, deliveryTag, () -> deadLetter(message, ex, 1), "unknown", "dead_lettered");
			return;
		}
		MDC.put("eventId", envelope.id().toString());
		MDC.put("eventType", envelope.type());
		try (TraceContexts.Restored restored = this.traceContexts.restore(envelope.traceparent(),
				"platform.events.consume", true)) {
			process(message, channel, deliveryTag, envelope);
		}
		finally {
			MDC.remove("eventId");
			MDC.remove("eventType");
		}
	}

	private void process(Message message, Channel channel, long deliveryTag, EventEnvelope envelope)
			throws Exception {
		int maxAttempts = Math.max(1, this.properties.getConsumer().getMaxAttempts());
		Throwable failure = null;
		// Whether the last failure came from the handler, after the record of the event was written: proof that the
		// consumer's database was reachable.
		boolean handlerFailed = false;
		// Whether the record could not be written because its table is missing: the schema, not the event, is at
		// fault, and no attempt can succeed until the table exists.
		boolean recordTableMissing = false;
		// What the previous attempt's failure said, to log a stack trace only when it changes.
		String previousFailure = null;
		for (int attempt = 1; attempt <= maxAttempts; attempt++) {
			Boolean applied = null;
			handlerFailed = false;
			try {
				applied = apply(envelope, attempt);
			}
			catch (HandlerFailure ex) {
				failure = ex.getCause();
				handlerFailed = true;
				if (failure instanceof UnprocessableEventException) {
					// The event, not the moment, is at fault: no later attempt can apply it.
					logger.error("Dead-lettering event {} ({}) from {} at attempt {}, unprocessable, trace {}: {}",
							envelope.id(), envelope.type(), this.queue, attempt, this.traceContexts.currentTraceId(),
							failure.getMessage(), failure);
					int attempts = attempt;
					Throwable unprocessable = failure;
					finish(channel, deliveryTag, () -> deadLetter(message, unprocessable, attempts), envelope.type(),
							"dead_lettered");
					return;
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			catch (StackOverflowError ex) {
				// The stack has unwound by the time it is caught here. A handler that recurses too deep on one event
				// would do so on every redelivery: a failed attempt like any other error, so the event ends in the
				// dead-letter queue instead of taking down every consumer it reaches.
				failure = ex;
				handlerFailed = true;
			}
			catch (VirtualMachineError ex) {
				// Out of memory, an internal JVM error: nothing is safe to do but hand the message back, now, instead
				// of leaving it unacknowledged until the channel closes. The error goes on to the container, whose
				// default for an Error is to exit the process (status 99); the event waits in the queue for the
				// next consumer.
				logger.error("Returning event {} ({}) to {} after {} in its handler", envelope.id(), envelope.type(),
						this.queue, ex.getClass().getName());
				channel.basicNack(deliveryTag, false, true);
				throw ex;
			}
			catch (Error ex) {
				// Any other error (an assertion, a missing class) counts as a failed attempt like an exception: retried,
				// then dead-lettered with its reason, never left unacknowledged.
				failure = ex;
				handlerFailed = true;
			}
			if (applied != null) {
				// Outside the retry: a lost channel here means redelivery, which the processed-event record absorbs.
				channel.basicAck(deliveryTag, false);
				if (applied) {
					logger.debug("Processed event {} ({}) from {}, trace {}", envelope.id(), envelope.type(),
							this.queue, this.traceContexts.currentTraceId());
				}
				else {
					logger.info("Skipped event {} ({}) from {}: already processed (redelivered: {}), trace {}",
							envelope.id(), envelope.type(), this.queue,
							message.getMessageProperties().isRedelivered(), this.traceContexts.currentTraceId());
				}
				count(envelope.type(), applied ? "processed" : "duplicate");
				pruneIfDue();
				return;
			}
			// Only a failure naming the record table: a handler's own SQL may fail at the commit too, outside the
			// handler, and must still reach the dead-letter queue.
			recordTableMissing = !handlerFailed && EventsSchema.isMissingTable(failure,
					EventsSchema.PROCESSED_EVENT_TABLE);
			if (recordTableMissing) {
				// Reported once per interval below, not per attempt of every event.
				logger.debug("Attempt {}/{} of event {} ({}) from {} could not record it: {}", attempt, maxAttempts,
						envelope.id(), envelope.type(), this.queue, failure.toString());
			}
			else {
				String described = failure.toString();
				// The stack trace once per delivery, and again only when an attempt fails differently: a handler
				// failing the same way on every attempt would otherwise repeat it max-attempts times.
				Throwable trace = described.equals(previousFailure) ? null : failure;
				previousFailure = described;
				logger.warn("Attempt {}/{} of event {} ({}) from {} failed, trace {}: {}", attempt, maxAttempts,
						envelope.id(), envelope.type(), this.queue, this.traceContexts.currentTraceId(), described,
						trace);
			}
			if (attempt < maxAttempts && !sleep(this.backoff.after(attempt))) {
				channel.basicNack(deliveryTag, false, true);
				return;
			}
		}
		Throwable last = failure;
		if (recordTableMissing) {
			// Like a database that is down: the event waits in the queue, with no limit, for the table to exist.
			channel.basicNack(deliveryTag, false, true);
			count(envelope.type(), "returned");
			reportMissingTable(envelope, last);
			return;
		}
		if (isInfrastructureFailure(last)) {
			if (!handlerFailed) {
				// The consumer's database, not the message, is the problem: keep the message for when it is back.
				logger.warn("Returning event {} ({}) to {} after {} attempts: {}", envelope.id(), envelope.type(),
						this.queue, maxAttempts, String.valueOf(last));
				channel.basicNack(deliveryTag, false, true);
				count(envelope.type(), "returned");
				return;
			}
			int returns = returns(message);
			if (returns < this.properties.getConsumer().getMaxReturns()) {
				returnCopy(message, channel, deliveryTag, envelope, returns + 1, last);
				return;
			}
			// The last failure as the line's exception too: its stack trace is where an operator starts.
			logger.error("Dead-lettering event {} ({}) from {} after {} returns to the queue: {}", envelope.id(),
					envelope.type(), this.queue, returns, String.valueOf(last), last);
			finish(channel, deliveryTag, () -> deadLetter(message, last, maxAttempts), envelope.type(),
					"dead_lettered");
			return;
		}
		logger.error("Dead-lettering event {} ({}) from {} after {} attempts, trace {}: {}", envelope.id(),
				envelope.type(), this.queue, maxAttempts, this.traceContexts.currentTraceId(), String.valueOf(last),
				last);
		finish(channel, deliveryTag, () -> deadLetter(message, last, maxAttempts), envelope.type(), "dead_lettered");
	}

	/**
	 * Returns the event to the back of its queue as a copy that counts the returns in a header, then acknowledges the
	 * original. The copy goes through the default exchange straight to this queue (not to the other queues bound to
	 * the event's type) and must be confirmed by the broker first; if it is not, the original is returned as is.
	 */
	private void returnCopy(Message message, Channel channel, long deliveryTag, EventEnvelope envelope, int returns,
			Throwable failure) throws IOException {
		Map<String, Object> headers = new HashMap<>(message.getMessageProperties().getHeaders());
		headers.put(RETURNS_HEADER, returns);
		try {
			this.sender.send("", this.queue, copy(message, headers), this.properties.getRelay().getConfirmTimeout());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not return a copy of event {} to {}, returning the original: {}", envelope.id(),
					this.queue, ex.getMessage());
			channel.basicNack(deliveryTag, false, true);
			count(envelope.type(), "returned");
			return;
		}
		channel.basicAck(deliveryTag, false);
		logger.warn("Returned event {} ({}) to {} ({} of at most {} returns) after its handler failed on a database: {}",
				envelope.id(), envelope.type(), this.queue, returns, this.properties.getConsumer().getMaxReturns(),
				String.valueOf(failure));
		count(envelope.type(), "returned");
	}

	private static int returns(Message message) {
		return (message.getMessageProperties().getHeaders().get(RETURNS_HEADER) instanceof Number returns)
				? Math.max(0, returns.intValue()) : 0;
	}

	/**
	 * Deletes records of processed events older than the retention, at most once per {@link #PRUNE_INTERVAL}, on
	 * the listener's own thread (no scheduler of its own), in batches within {@link RetentionDeletes#BUDGET}; what
	 * that leaves goes a second later. A failure is logged and tried again an interval later:
	 * it never affects the message that happened to trigger it.
	 */
	private void pruneIfDue() {
		Instant now = this.clock.instant();
		Duration retention = this.properties.getConsumer().getRetention();
		Instant before = now.minus(retention);
		try {
			RetentionDeletes.Result result = this.retentionDeletes.runIfDue(now,
					(limit) -> this.processedEvents.deleteProcessedBefore(this.queue, before, limit));
			if (result != null && result.deleted() > 0) {
				logger.debug("Deleted {} records of events processed from {} more than {} ago{}", result.deleted(),
						this.queue, retention, result.more() ? ", more to go" : "");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete old records of processed events of {}: {}", this.queue, ex.getMessage());
		}
	}

	/**
	 * Logs an error naming the missing table and the schema script, at most once per
	 * {@link #MISSING_TABLE_REPORT_INTERVAL} for this queue, with the number of events returned since the last one;
	 * the events in between are logged at debug level only.
	 */
	private void reportMissingTable(EventEnvelope envelope, Throwable failure) {
		long returned = this.returnedForMissingTable.incrementAndGet();
		Instant now = this.clock.instant();
		Instant due = this.nextMissingTableReport.get();
		if (now.isBefore(due)
				|| !this.nextMissingTableReport.compareAndSet(due, now.plus(MISSING_TABLE_REPORT_INTERVAL))) {
			logger.debug("Returned event {} ({}) to {}: table {} is missing", envelope.id(), envelope.type(),
					this.queue, EventsSchema.PROCESSED_EVENT_TABLE);
			return;
		}
		this.returnedForMissingTable.addAndGet(-returned);
		logger.error("Table {} is missing: events of {} cannot be recorded as processed, so they are returned to the "
				+ "queue, not dead-lettered, until it exists ({} returned since this was last reported, at most every "
				+ "{} s). Create it with {} (see the Schema section of docs/events.md). The database says: {}",
				EventsSchema.PROCESSED_EVENT_TABLE, this.queue, returned, MISSING_TABLE_REPORT_INTERVAL.toSeconds(),
				EventsSchema.SCRIPT, EventsSchema.databaseMessage(failure));
	}

	private static boolean isInfrastructureFailure(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
		}
		return false;
	}

	private boolean apply(EventEnvelope envelope, int attempt) {
		Boolean applied = this.transactionTemplate.execute((status) -> {
			if (!this.processedEvents.record(this.queue, envelope.id(), this.clock.instant())) {
				status.setRollbackOnly();
				return false;
			}
			try {
				this.handler.handle(new ReceivedEvent(envelope, attempt, this.codec.objectMapper()));
			}
			catch (Exception ex) {
				throw new HandlerFailure(ex);
			}
			return true;
		});
		return Boolean.TRUE.equals(applied);
	}

	private void finish(Channel channel, long deliveryTag, Runnable deadLetter, String type, String outcome)
			throws Exception {
		try {
			ensureDeadLetterRoute(channel);
			deadLetter.run();
		}
		catch (RuntimeException | IOException ex) {
			// A dead-letter queue that refuses messages (a length limit with reject-publish, no permission) refuses the
			// next one too: without a pause the broker hands the message straight back, and an unreadable one would
			// loop as fast as it can, logging each time.
			long failures = this.deadLetterFailures.incrementAndGet();
			if (Long.bitCount(failures) == 1) {
				logger.error("Could not dead-letter message from {} ({} time(s) in a row), returning it to the queue: {}",
						this.queue, failures, ex.getMessage());
			}
			sleep(this.backoff.after((int) Math.min(failures, 30)));
			channel.basicNack(deliveryTag, false, true);
			return;
		}
		this.deadLetterFailures.set(0);
		channel.basicAck(deliveryTag, false);
		count(type, outcome);
	}

	/**
	 * Makes sure the dead-letter exchange, this queue's dead-letter queue and their binding exist, declaring what
	 * is missing as {@code EventTopology} does at startup. The broker acknowledges a message that no queue takes,
	 * so without this a dead-letter queue deleted while the service runs (to clear it, say) would swallow every
	 * dead letter until the next reconnect, and the original would be acknowledged. What exists is only checked
	 * (passively, on a channel of its own), never declared again: a queue set up with arguments (a TTL, a length
	 * limit, the quorum type) would refuse a declaration without them.
	 */
	private void ensureDeadLetterRoute(Channel channel) throws IOException {
		String exchange = this.properties.getDeadLetterExchange();
		String deadLetterQueue = EventTopology.deadLetterQueue(this.queue);
		Connection connection = channel.getConnection();
		if (!exists(connection, (check) -> check.exchangeDeclarePassive(exchange))) {
			onOwnChannel(connection, (declare) -> declare.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, true,
					false, null));
		}
		if (!exists(connection, (check) -> check.queueDeclarePassive(deadLetterQueue))) {
			logger.warn("Dead-letter queue {} was missing; declaring it again", deadLetterQueue);
			onOwnChannel(connection, (declare) -> declare.queueDeclare(deadLetterQueue, true, false, false, null));
		}
		onOwnChannel(connection, (bind) -> bind.queueBind(deadLetterQueue, exchange, this.queue));
	}

	/** Whether a passive check passes; a failed check closes its channel, so it gets one of its own. */
	private static boolean exists(Connection connection, ChannelAction check) throws IOException {
		try {
			onOwnChannel(connection, check);
			return true;
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof ShutdownSignalException signal
					&& signal.getReason() instanceof AMQP.Channel.Close close
					&& close.getReplyCode() == AMQP.NOT_FOUND) {
				return false;
			}
			throw ex;
		}
	}

	private static void onOwnChannel(Connection connection, ChannelAction action) throws IOException {
		Channel own = connection.createChannel();
		if (own == null) {
			throw new IOException("No channel available for the dead-letter route");
		}
		try {
			action.run(own);
		}
		finally {
			if (own.isOpen()) {
				try {
					own.close();
				}
				catch (IOException | TimeoutException | ShutdownSignalException ex) {
					// closed by the broker meanwhile
				}
			}
		}
	}

	@FunctionalInterface
	private interface ChannelAction {

		void run(Channel channel) throws IOException;

	}

	private void deadLetter(Message message, @Nullable Throwable failure, int attempts) {
		MessageProperties properties = message.getMessageProperties();
		Map<String, Object> headers = new HashMap<>(properties.getHeaders());
		// Masked before it is cut, so that a cut cannot leave part of a secret unrecognised.
		String reason = (failure != null) ? this.failureReasonMasker.apply(String.valueOf(failure.getMessage()))
				: "unknown";
		headers.put(FAILURE_REASON_HEADER, (reason.length() > MAX_FAILURE_REASON_LENGTH)
				? reason.substring(0, MAX_FAILURE_REASON_LENGTH) : reason);
		headers.put(FAILURE_EXCEPTION_HEADER, (failure != null) ? failure.getClass().getName() : "unknown");
		headers.put(ATTEMPTS_HEADER, attempts);
		headers.put(ORIGINAL_QUEUE_HEADER, this.queue);
		this.sender.send(this.properties.getDeadLetterExchange(), this.queue, copy(message, headers),
				this.properties.getRelay().getConfirmTimeout());
	}

	/** A persistent copy of the message with the given headers. */
	private static Message copy(Message message, Map<String, Object> headers) {
		MessageProperties properties = message.getMessageProperties();
		MessageProperties copy = new MessageProperties();
		copy.setContentType(properties.getContentType());
		copy.setContentEncoding(properties.getContentEncoding());
		copy.setMessageId(properties.getMessageId());
		copy.setType(properties.getType());
		copy.setAppId(properties.getAppId());
		copy.setTimestamp(properties.getTimestamp());
		copy.setDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
		headers.forEach(copy::setHeader);
		return new Message(message.getBody(), copy);
	}

	private void count(String type, String outcome) {
		if (this.meterRegistry != null) {
			this.meterRegistry.counter("platform.events.consumed", "type", type, "outcome", outcome).increment();
		}
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Carries a checked exception of the handler out of the transaction callback. */
	private static final class HandlerFailure extends RuntimeException {

		HandlerFailure(Exception cause) {
			super(cause);
		}

	}

}
