/**
 * An embedded Qpid Broker-J (AMQP 0-9-1) for local runs and fast tests, switched on by
 * {@code platform.events.embedded-broker.enabled}.
 */
@NullMarked
package dev.platform.events.broker;

import org.jspecify.annotations.NullMarked;
