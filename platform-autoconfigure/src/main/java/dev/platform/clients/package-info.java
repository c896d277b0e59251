/**
 * Resilient service-to-service calls: one configured profile (timeouts, breaker, retry, bulkhead) per downstream.
 */
@NullMarked
package dev.platform.clients;

import org.jspecify.annotations.NullMarked;
