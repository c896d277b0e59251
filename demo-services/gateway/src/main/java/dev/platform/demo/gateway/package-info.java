/** The API gateway: routing, JWT at the edge, rate limiting and aggregation. */
@NullMarked
package dev.platform.demo.gateway;

import org.jspecify.annotations.NullMarked;
