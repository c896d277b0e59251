package dev.platform.events.amqp;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.CorrelationData.Confirm;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Sends messages and reports the broker's publisher confirm, so that callers act only on what the broker accepted.
 * Needs a connection factory with correlated publisher confirms, which the events auto-configuration ensures.
 */
public final class ConfirmingSender {

	private final RabbitTemplate rabbitTemplate;

	public ConfirmingSender(RabbitTemplate rabbitTemplate) {
		this.rabbitTemplate = rabbitTemplate;
	}

	/** Sends without waiting; the future completes with the broker's ack or nack. */
	public CompletableFuture<Confirm> sendAsync(String exchange, String routingKey, Message message) {
		CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
		this.rabbitTemplate.send(exchange, routingKey, message, correlation);
		return correlation.getFuture();
	}

	/** Sends and waits for the confirm; throws if the broker did not ack in time. */
	public void send(String exchange, String routingKey, Message message, Duration timeout) {
		await(sendAsync(exchange, routingKey, message), timeout);
	}

	/** Waits for a confirm; throws if it is a nack or does not arrive in time. */
	public static void await(CompletableFuture<Confirm> confirm, Duration timeout) {
		Confirm result;
		try {
			result = confirm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnconfirmedException("Interrupted while waiting for the publisher confirm", ex);
		}
		catch (ExecutionException ex) {
			throw new UnconfirmedException("Publisher confirm failed: " + ex.getCause(), ex);
		}
		catch (TimeoutException ex) {
			throw new UnconfirmedException("No publisher confirm within " + timeout, ex);
		}
		if (!result.ack()) {
			throw new UnconfirmedException("Broker refused the message: " + result.reason(), null);
		}
	}

	/** The broker did not confirm a message. */
	public static class UnconfirmedException extends AmqpException {

		UnconfirmedException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
