/** The shipping service: shipments for paid orders, driven by events. */
@NullMarked
package dev.platform.demo.shipping;

import org.jspecify.annotations.NullMarked;
