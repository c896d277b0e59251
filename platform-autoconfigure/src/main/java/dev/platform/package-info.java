/**
 * Platform: observability and reliability for Spring Boot services, one concern per sub-package.
 */
@NullMarked
package dev.platform;

import org.jspecify.annotations.NullMarked;
