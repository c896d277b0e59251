package dev.platform.security.jwt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Settings of JWT verification and issuance.
 */
@ConfigurationProperties("platform.security.jwt")
public class JwtProperties {

	/**
	 * Whether the verification filter and the @RequireScopes / @RequireRoles checks are registered when a key
	 * source is configured; when false, those annotations are not enforced.
	 */
	private boolean enabled = true;

	/**
	 * PEM public key that verifies tokens: "classpath:...", "file:..." or the PEM text itself.
	 */
	private @Nullable String publicKey;

	/**
	 * URI of the issuer's JWKS document; keys are cached by kid and refetched on an unknown kid.
	 */
	private @Nullable String jwksUri;

	/**
	 * Whether an http (not https) jwks-uri may name a host other than localhost or a loopback address. Anyone on
	 * the network path of a plain http fetch can replace the keys and sign tokens; allow it only on a network you
	 * trust (a container network, a mesh that encrypts between services).
	 */
	private boolean jwksAllowHttp;

	/**
	 * Required "iss" claim of accepted tokens, and the "iss" of issued tokens.
	 */
	private @Nullable String issuer;

	/**
	 * Audience this service accepts: the token's "aud" claim must contain it.
	 */
	private @Nullable String audience;

	/**
	 * Accepted signature algorithms; the token's "alg" header must be one of them.
	 */
	private List<String> algorithms = new ArrayList<>(List.of("RS256"));

	/**
	 * Tolerance for clock differences when checking exp, nbf and iat.
	 */
	private Duration clockSkew = Duration.ofSeconds(30);

	/** The default public paths, which follow the actuator's base path and the DispatcherServlet's path. */
	static final List<String> DEFAULT_PUBLIC_PATHS = List.of("/actuator/health", "/actuator/health/**",
			"/actuator/info", "/actuator/prometheus");

	/**
	 * Path patterns (Spring's PathPattern syntax) served without a token, matched against the path within the
	 * application (the DispatcherServlet's path included). The defaults move with
	 * management.endpoints.web.base-path and spring.mvc.servlet.path; a list set here is taken as written.
	 */
	private List<String> publicPaths = new ArrayList<>(DEFAULT_PUBLIC_PATHS);

	/**
	 * Largest accepted token in characters, rejected before any parsing; below Tomcat's 8 KB header limit so it is reachable.
	 */
	private int maxTokenLength = 6144;

	/**
	 * Verified tokens remembered so their signature is checked once, not on every request.
	 */
	private int cacheSize = 10_000;

	/**
	 * Shortest time between two JWKS fetches triggered by unknown key ids.
	 */
	private Duration jwksRefetchInterval = Duration.ofSeconds(30);

	/**
	 * Age after which the cached JWKS is fetched again when next used, so that a key the issuer removed (a
	 * compromised one, a rotated one) stops verifying new tokens within this time. A failed fetch keeps the keys.
	 */
	private Duration jwksMaxAge = Duration.ofMinutes(10);

	/**
	 * Connect timeout of JWKS fetches.
	 */
	private Duration jwksConnectTimeout = Duration.ofSeconds(2);

	/**
	 * Read timeout of JWKS fetches.
	 */
	private Duration jwksReadTimeout = Duration.ofSeconds(3);

	/**
	 * Token issuance, for the service that logs users in.
	 */
	private final Issuance issuance = new Issuance();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(@Nullable String publicKey) {
		this.publicKey = publicKey;
	}

	public @Nullable String getJwksUri() {
		return this.jwksUri;
	}

	public void setJwksUri(@Nullable String jwksUri) {
		this.jwksUri = jwksUri;
	}

	public boolean isJwksAllowHttp() {
		return this.jwksAllowHttp;
	}

	public void setJwksAllowHttp(boolean jwksAllowHttp) {
		this.jwksAllowHttp = jwksAllowHttp;
	}

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public @Nullable String getAudience() {
		return this.audience;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public List<String> getAlgorithms() {
		return this.algorithms;
	}

	public void setAlgorithms(List<String> algorithms) {
		this.algorithms = algorithms;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public List<String> getPublicPaths() {
		return this.publicPaths;
	}

	public void setPublicPaths(List<String> publicPaths) {
		for (String path : publicPaths) {
			// Without the slash a pattern matches no request, and the health probes would need a token.
			Assert.isTrue(path.startsWith("/"), () -> "'" + path + "' must start with '/'");
			try {
				PathPatternParser.defaultInstance.parse(path);
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException("'" + path + "' is no path pattern: " + ex.getMessage(), ex);
			}
		}
		this.publicPaths = publicPaths;
	}

	public int getMaxTokenLength() {
		return this.maxTokenLength;
	}

	public void setMaxTokenLength(int maxTokenLength) {
		this.maxTokenLength = maxTokenLength;
	}

	public int getCacheSize() {
		return this.cacheSize;
	}

	public void setCacheSize(int cacheSize) {
		this.cacheSize = cacheSize;
	}

	public Duration getJwksMaxAge() {
		return this.jwksMaxAge;
	}

	public void setJwksMaxAge(Duration jwksMaxAge) {
		this.jwksMaxAge = jwksMaxAge;
	}

	public Duration getJwksRefetchInterval() {
		return this.jwksRefetchInterval;
	}

	public void setJwksRefetchInterval(Duration jwksRefetchInterval) {
		this.jwksRefetchInterval = jwksRefetchInterval;
	}

	public Duration getJwksConnectTimeout() {
		return this.jwksConnectTimeout;
	}

	public void setJwksConnectTimeout(Duration jwksConnectTimeout) {
		this.jwksConnectTimeout = jwksConnectTimeout;
	}

	public Duration getJwksReadTimeout() {
		return this.jwksReadTimeout;
	}

	public void setJwksReadTimeout(Duration jwksReadTimeout) {
		this.jwksReadTimeout = jwksReadTimeout;
	}

	public Issuance getIssuance() {
		return this.issuance;
	}

	/**
	 * Settings of {@link JwtIssuer} and the JWKS endpoint.
	 */
	public static class Issuance {

		/**
		 * PKCS#8 PEM RSA private key (2048 bits or more) that signs issued tokens: "classpath:...", "file:..." or
		 * the PEM text.
		 */
		private @Nullable String privateKey;

		/**
		 * Key id of the signing key; empty to use its RFC 7638 thumbprint.
		 */
		private @Nullable String keyId;

		/**
		 * PEM public key of the previous signing key, still published in the JWKS while its tokens live.
		 */
		private @Nullable String previousPublicKey;

		/**
		 * Key id of the previous key; empty to use its RFC 7638 thumbprint.
		 */
		private @Nullable String previousKeyId;

		/**
		 * Audiences written into issued tokens; empty to use platform.security.jwt.audience.
		 */
		private List<String> audiences = new ArrayList<>();

		/**
		 * Lifetime of issued tokens; short, because a bearer token cannot be revoked.
		 */
		private Duration tokenTtl = Duration.ofMinutes(5);

		/**
		 * Whether /.well-known/jwks.json publishes the public keys.
		 */
		private boolean jwksEndpointEnabled = true;

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public @Nullable String getPreviousPublicKey() {
			return this.previousPublicKey;
		}

		public void setPreviousPublicKey(@Nullable String previousPublicKey) {
			this.previousPublicKey = previousPublicKey;
		}

		public @Nullable String getPreviousKeyId() {
			return this.previousKeyId;
		}

		public void setPreviousKeyId(@Nullable String previousKeyId) {
			this.previousKeyId = previousKeyId;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

		public Duration getTokenTtl() {
			return this.tokenTtl;
		}

		public void setTokenTtl(Duration tokenTtl) {
			this.tokenTtl = tokenTtl;
		}

		public boolean isJwksEndpointEnabled() {
			return this.jwksEndpointEnabled;
		}

		public void setJwksEndpointEnabled(boolean jwksEndpointEnabled) {
			this.jwksEndpointEnabled = jwksEndpointEnabled;
		}

	}

}
