/**
 * Platform: observability and reliability for Spring Boot services, one concern per sub-package.
 */
package dev.platform;
