/**
 * AMQP plumbing shared by the relay and the consumers: the envelope codec, confirmed sends, topology and trace
 * context.
 */
@NullMarked
package dev.platform.events.amqp;

import org.jspecify.annotations.NullMarked;
