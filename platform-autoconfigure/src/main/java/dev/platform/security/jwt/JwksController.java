package dev.platform.security.jwt;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the issuer's public keys at {@code /.well-known/jwks.json}.
 */
@RestController
final class JwksController {

	private final JwtIssuer issuer;

	JwksController(JwtIssuer issuer) {
		this.issuer = issuer;
	}

	@GetMapping(path = JwtAuthenticationFilter.JWKS_PATH, produces = "application/json")
	public ResponseEntity<Map<String, Object>> jwks() {
		// Short enough that caches in between do not hold a removed key long; verifiers fetch again on an unknown kid
		// and after jwks-max-age anyway.
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(this.issuer.jwks());
	}

}
