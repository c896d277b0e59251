/**
 * Metrics defaults: Prometheus exposure, common tags, service-level histogram buckets and the build info
 * gauge.
 */
@NullMarked
package dev.platform.metrics;

import org.jspecify.annotations.NullMarked;
