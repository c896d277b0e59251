/**
 * Logs: one JSON object per line with trace ids and service identity (or readable text), masked secrets,
 * asynchronous and non-blocking, and optional export over OTLP.
 */
@NullMarked
package dev.platform.logging;

import org.jspecify.annotations.NullMarked;
