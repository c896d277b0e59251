/**
 * JWT bearer authentication: verification filter, JWKS key rotation, scope checks, token issuance and relay.
 */
@NullMarked
package dev.platform.security.jwt;

import org.jspecify.annotations.NullMarked;
