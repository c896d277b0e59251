package dev.platform.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The envelope every event travels in, as JSON in the AMQP message body.
 *
 * @param id unique id, used by consumers to detect redeliveries
 * @param type event type such as {@code order.created}; also the routing key
 * @param version schema version of the payload
 * @param occurredAt when the producing transaction recorded the event
 * @param source the producing service ({@code spring.application.name})
 * @param aggregateId the entity the event is about
 * @param traceparent W3C trace context of the request that produced the event, if it was traced
 * @param payload the payload as a JSON document
 */
public record EventEnvelope(UUID id, String type, int version, Instant occurredAt, String source, String aggregateId,
		@Nullable String traceparent, String payload) {
}
