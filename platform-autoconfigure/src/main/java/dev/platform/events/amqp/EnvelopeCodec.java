package dev.platform.events.amqp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import dev.platform.events.EventEnvelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Writes and reads the documented envelope: a JSON body holding every field, with the id, type, source and trace
 * context repeated as AMQP properties and headers for tools that do not parse bodies.
 */
public final class EnvelopeCodec {

	/** Header holding the aggregate id. */
	public static final String AGGREGATE_ID_HEADER = "x-platform-aggregate-id";

	private final ObjectMapper objectMapper;

	/** Numbers as written: decimals as {@code BigDecimal} with their trailing zeros, not rounded to a double. */
	private final ObjectReader exactReader;

	public EnvelopeCodec(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
		this.exactReader = objectMapper.reader()
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
	}

	public ObjectMapper objectMapper() {
		return this.objectMapper;
	}

	/**
	 * @param envelope the event
	 * @param traceparent the trace context to put in the message header: the sending span's when there is one
	 */
	public Message toMessage(EventEnvelope envelope, @Nullable String traceparent) {
		ObjectNode body = this.objectMapper.createObjectNode();
		body.put("id", envelope.id().toString());
		body.put("type", envelope.type());
		body.put("version", envelope.version());
		body.put("occurredAt", envelope.occurredAt().toString());
		body.put("source", envelope.source());
		body.put("aggregateId", envelope.aggregateId());
		if (envelope.traceparent() != null) {
			body.put("traceparent", envelope.traceparent());
		}
		// As recorded: parsing it again would turn decimals into doubles (and 1e400 into "Infinity").
		body.putRawValue("payload", new RawValue(envelope.payload()));
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setContentEncoding(StandardCharsets.UTF_8.name());
		properties.setMessageId(envelope.id().toString());
		properties.setType(envelope.type());
		properties.setAppId(envelope.source());
		properties.setTimestamp(Date.from(envelope.occurredAt()));
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setHeader(AGGREGATE_ID_HEADER, envelope.aggregateId());
		String header = (traceparent != null) ? traceparent : envelope.traceparent();
		if (header != null) {
			properties.setHeader(TraceContexts.TRACEPARENT, header);
		}
		return new Message(this.objectMapper.writeValueAsBytes(body), properties);
	}

	/**
	 * @throws IllegalArgumentException if the body is not an envelope
	 */
	public EventEnvelope fromMessage(Message message) {
		JsonNode body;
		try {
			body = this.exactReader.readTree(message.getBody());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Message body is not JSON: " + ex.getMessage(), ex);
		}
		try {
			JsonNode payload = body.get("payload");
			JsonNode traceparent = body.get("traceparent");
			return new EventEnvelope(UUID.fromString(required(body, "id")), required(body, "type"),
					body.path("version").asInt(1), Instant.parse(required(body, "occurredAt")),
					body.path("source").asString(""), required(body, "aggregateId"),
					(traceparent != null && !traceparent.isNull()) ? traceparent.asString() : null,
					(payload != null) ? this.objectMapper.writeValueAsString(payload) : "null");
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Message body is not an event envelope: " + ex.getMessage(), ex);
		}
	}

	private static String required(JsonNode body, String field) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull() || node.asString().isEmpty()) {
			throw new IllegalArgumentException("missing '" + field + "'");
		}
		return node.asString();
	}

}
