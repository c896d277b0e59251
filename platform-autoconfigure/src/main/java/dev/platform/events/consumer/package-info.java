/**
 * Idempotent consumers: the handler's effect and the processed event id commit together, then the message is
 * acknowledged.
 */
@NullMarked
package dev.platform.events.consumer;

import org.jspecify.annotations.NullMarked;
