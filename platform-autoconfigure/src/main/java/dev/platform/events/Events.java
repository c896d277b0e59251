package dev.platform.events;

/**
 * Publishes domain events through the transactional outbox: the event is written in the caller's transaction and
 * sent to the broker by the relay after that transaction commits.
 */
public interface Events {

	/**
	 * Records an event at version 1.
	 * @param type the event type, also the routing key, such as {@code order.created}
	 * @param aggregateId the id of the entity the event is about; events of one aggregate are sent in order
	 * @param payload the event body, serialised to JSON
	 * @return the event id
	 */
	default java.util.UUID publish(String type, String aggregateId, Object payload) {
		return publish(type, 1, aggregateId, payload);
	}

	/**
	 * Records an event at the given schema version.
	 * @param type the event type, also the routing key
	 * @param version the version of the payload's schema
	 * @param aggregateId the id of the entity the event is about
	 * @param payload the event body, serialised to JSON
	 * @return the event id
	 */
	java.util.UUID publish(String type, int version, String aggregateId, Object payload);

}
