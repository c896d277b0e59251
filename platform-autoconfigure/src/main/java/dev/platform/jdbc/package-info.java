/**
 * JDBC: spans for connections and queries, and an info gauge naming the database a service uses.
 */
@NullMarked
package dev.platform.jdbc;

import org.jspecify.annotations.NullMarked;
