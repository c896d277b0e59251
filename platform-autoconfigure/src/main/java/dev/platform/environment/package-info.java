/**
 * Low-precedence property sources through which the starter sets Boot's own knobs to good defaults.
 */
@NullMarked
package dev.platform.environment;

import org.jspecify.annotations.NullMarked;
