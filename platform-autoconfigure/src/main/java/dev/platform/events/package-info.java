/**
 * Reliable asynchronous events: publish through a transactional outbox, consume idempotently, dead-letter what
 * cannot be processed, and keep the producing request's trace across the broker.
 */
@NullMarked
package dev.platform.events;

import org.jspecify.annotations.NullMarked;
