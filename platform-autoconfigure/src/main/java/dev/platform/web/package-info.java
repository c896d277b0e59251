/**
 * HTTP server concerns shared by every feature: the trace id response header and RFC 9457 problem bodies.
 */
@NullMarked
package dev.platform.web;

import org.jspecify.annotations.NullMarked;
