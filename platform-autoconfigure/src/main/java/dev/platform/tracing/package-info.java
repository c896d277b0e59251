/**
 * Tracing on top of Boot's OpenTelemetry support: {@code OTEL_*} variables, defaults, context propagation
 * across threads, quiet actuator endpoints and the SDK's own health as metrics.
 */
@NullMarked
package dev.platform.tracing;

import org.jspecify.annotations.NullMarked;
