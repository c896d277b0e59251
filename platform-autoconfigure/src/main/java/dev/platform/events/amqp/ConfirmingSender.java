package dev.platform.events.amqp;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.CorrelationData.Confirm;
import org.springframework.amqp.rabbit.connection.PublisherCallbackChannel;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationContext;

/**
 * Sends messages and reports the broker's publisher confirm, so that callers act only on what the broker accepted,
 * and whether the broker routed the message to any queue. Needs a connection factory with correlated publisher
 * confirms, which the events auto-configuration ensures. Only a sender made by
 * {@link #mandatory(ConnectionFactory, Consumer, ApplicationContext)} tells an unroutable message apart (the broker
 * returns only mandatory messages, and only on a connection factory with publisher returns); the events
 * auto-configuration makes its sender that way.
 */
public final class ConfirmingSender {

	/**
	 * How long a nacked message may still turn out to be a returned one: Qpid Broker-J nacks an unroutable mandatory
	 * message first and returns it right after, on the same connection. Ample for that (the two frames come
	 * together); a genuine nack, rare, is reported this much later.
	 */
	private static final long RETURN_GRACE_MILLIS = 2000;

	private final RabbitTemplate rabbitTemplate;

	private final boolean tracksReturns;

	/** Sends whose return could still arrive, by correlation id. */
	private final ConcurrentMap<String, CompletableFuture<Delivery>> awaitingReturn = new ConcurrentHashMap<>();

	/**
	 * Sends with the given template as it is configured, without telling unroutable messages apart.
	 * @param rabbitTemplate sends the messages
	 */
	public ConfirmingSender(RabbitTemplate rabbitTemplate) {
		this(rabbitTemplate, false);
	}

	private ConfirmingSender(RabbitTemplate rabbitTemplate, boolean tracksReturns) {
		this.rabbitTemplate = rabbitTemplate;
		this.tracksReturns = tracksReturns;
	}

	/**
	 * A sender with a template of its own on the given connection factory: configured by {@code configurer} (Boot's
	 * {@code spring.rabbitmq.template.*}, the observation among them) when there is one, then mandatory, so that the
	 * broker returns a message no queue takes instead of dropping it, which the sender reports as
	 * {@link Delivery#UNROUTABLE}. The application's own template is not touched.
	 * @param connectionFactory the factory, with correlated publisher confirms and publisher returns
	 * @param configurer applies Boot's template properties, or {@code null}
	 * @param applicationContext where the template finds the {@code ObservationRegistry}, or {@code null}
	 * @return the sender
	 */
	public static ConfirmingSender mandatory(ConnectionFactory connectionFactory,
			@Nullable Consumer<RabbitTemplate> configurer, @Nullable ApplicationContext applicationContext) {
		RabbitTemplate template = new RabbitTemplate(connectionFactory);
		if (configurer != null) {
			configurer.accept(template);
		}
		template.setMandatory(true);
		if (applicationContext != null) {
			template.setApplicationContext(applicationContext);
		}
		ConfirmingSender sender = new ConfirmingSender(template, true);
		template.setReturnsCallback(sender::returned);
		return sender;
	}

	/**
	 * Sends without waiting; the future completes with what the broker did with the message, or exceptionally
	 * with an {@link UnconfirmedException} when the broker refused it (a nack).
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param message the message
	 * @return the delivery, once the broker confirmed
	 */
	public CompletableFuture<Delivery> sendAsync(String exchange, String routingKey, Message message) {
		String id = UUID.randomUUID().toString();
		CorrelationData correlation = new CorrelationData(id);
		CompletableFuture<Delivery> delivery = new CompletableFuture<>();
		if (this.tracksReturns) {
			this.awaitingReturn.put(id, delivery);
			delivery.whenComplete((result, failure) -> this.awaitingReturn.remove(id));
		}
		boolean sent = false;
		try {
			this.rabbitTemplate.send(exchange, routingKey, message, correlation);
			sent = true;
		}
		finally {
			if (!sent) {
				this.awaitingReturn.remove(id);
			}
		}
		correlation.getFuture().whenComplete((confirm, failure) -> {
			if (failure != null) {
				delivery.completeExceptionally(failure);
			}
			else if (correlation.getReturned() != null) {
				// RabbitMQ returns an unroutable mandatory message before it acks it.
				delivery.complete(Delivery.UNROUTABLE);
			}
			else if (confirm.ack()) {
				delivery.complete(Delivery.ROUTED);
			}
			else if (this.tracksReturns) {
				CompletableFuture.delayedExecutor(RETURN_GRACE_MILLIS, TimeUnit.MILLISECONDS)
					.execute(() -> delivery.completeExceptionally(refused(confirm)));
			}
			else {
				delivery.completeExceptionally(refused(confirm));
			}
		});
		return delivery;
	}

	private static UnconfirmedException refused(Confirm confirm) {
		return new UnconfirmedException("Broker refused the message: " + confirm.reason(), null);
	}

	/** A message the broker returned: the send it belongs to, if still waiting, was unroutable. */
	private void returned(ReturnedMessage returned) {
		Object id = returned.getMessage()
			.getMessageProperties()
			.getHeader(PublisherCallbackChannel.RETURNED_MESSAGE_CORRELATION_KEY);
		CompletableFuture<Delivery> delivery = (id != null) ? this.awaitingReturn.get(id.toString()) : null;
		if (delivery != null) {
			delivery.complete(Delivery.UNROUTABLE);
		}
	}

	/**
	 * Sends and waits for the confirm; throws if the broker did not ack in time, or if it acked a message that no
	 * queue took (on a mandatory template): a caller that acts on the confirm would lose that message.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param message the message
	 * @param timeout how long to wait for the confirm
	 * @throws UnconfirmedException when the message did not reach a queue
	 */
	public void send(String exchange, String routingKey, Message message, Duration timeout) {
		if (await(sendAsync(exchange, routingKey, message), timeout) == Delivery.UNROUTABLE) {
			throw new UnroutableException("No queue is bound to exchange '" + exchange + "' for routing key '"
					+ routingKey + "'; the broker dropped the message");
		}
	}

	/**
	 * Waits for a confirm; throws if it is a nack or does not arrive in time.
	 * @param confirm the confirm
	 * @param timeout how long to wait
	 * @return what the broker did with the message
	 */
	public static Delivery await(CompletableFuture<Delivery> confirm, Duration timeout) {
		return await(confirm, System.nanoTime() + timeout.toNanos(), timeout);
	}

	/**
	 * Waits for a confirm until a deadline shared by messages sent together; throws if it is a nack or does not
	 * arrive by then.
	 * @param confirm the confirm
	 * @param deadlineNanos the {@link System#nanoTime()} by which it must have arrived
	 * @param timeout the timeout the deadline was computed from, for the message
	 * @return what the broker did with the message
	 */
	public static Delivery await(CompletableFuture<Delivery> confirm, long deadlineNanos, Duration timeout) {
		try {
			return confirm.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnconfirmedException("Interrupted while waiting for the publisher confirm", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnconfirmedException refused) {
				throw refused;
			}
			throw new UnconfirmedException("Publisher confirm failed: " + ex.getCause(), ex);
		}
		catch (TimeoutException ex) {
			throw new UnconfirmedException("No publisher confirm within " + timeout, ex);
		}
	}

	/** What the broker did with a message it confirmed. */
	public enum Delivery {

		/** At least one queue took it. */
		ROUTED,

		/** No queue is bound for its routing key: the broker returned it and dropped it. */
		UNROUTABLE

	}

	/** The broker did not confirm a message. */
	public static class UnconfirmedException extends AmqpException {

		UnconfirmedException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	/** The broker confirmed a message but no queue took it. */
	public static class UnroutableException extends UnconfirmedException {

		UnroutableException(String message) {
			super(message, null);
		}

	}

}
