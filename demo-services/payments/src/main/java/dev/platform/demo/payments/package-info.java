/** The payments service: simulated charges and refunds driven by events. */
@NullMarked
package dev.platform.demo.payments;

import org.jspecify.annotations.NullMarked;
