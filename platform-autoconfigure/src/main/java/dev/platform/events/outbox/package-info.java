/**
 * The transactional outbox: rows written in the caller's transaction and a relay that sends them with publisher
 * confirms.
 */
@NullMarked
package dev.platform.events.outbox;

import org.jspecify.annotations.NullMarked;
