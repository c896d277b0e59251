/**
 * Who the service is (name, version, environment, instance) and how that identity reaches its traces,
 * metrics and logs.
 */
@NullMarked
package dev.platform.identity;

import org.jspecify.annotations.NullMarked;
