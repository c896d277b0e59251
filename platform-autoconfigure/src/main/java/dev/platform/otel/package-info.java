/**
 * What the starter's tracing and logging share about OpenTelemetry's exporters: reporting a collector outage once
 * and bounding exports at shutdown ({@link dev.platform.otel.ExportOutages}).
 */
@NullMarked
package dev.platform.otel;

import org.jspecify.annotations.NullMarked;
