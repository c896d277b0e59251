/** The orders service: order placement, the customer cache and the saga's end states. */
@NullMarked
package dev.platform.demo.orders;

import org.jspecify.annotations.NullMarked;
