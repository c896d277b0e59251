package dev.platform.security.jwt;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Locale;

import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Checks {@link JwtProperties} for verification at startup and builds the key source, failing with the name of
 * the property at fault.
 */
final class VerificationSettings {

	private static final String PREFIX = "platform.security.jwt.";

	private VerificationSettings() {
	}

	static void validate(JwtProperties properties) {
		require(properties.getIssuer(), "issuer", "is required: tokens from any issuer would be accepted");
		require(properties.getAudience(), "audience", "is required: tokens for any service would be accepted");
		if (properties.getAlgorithms().isEmpty()) {
			throw new InvalidJwtConfigurationException(PREFIX + "algorithms", "must list at least one algorithm");
		}
		for (String algorithm : properties.getAlgorithms()) {
			if (!JwtTokenVerifier.SUPPORTED_ALGORITHMS.contains(algorithm)) {
				throw new InvalidJwtConfigurationException(PREFIX + "algorithms", "'" + algorithm
						+ "' is not one of " + JwtTokenVerifier.SUPPORTED_ALGORITHMS + " (HMAC and none never are)");
			}
		}
		Duration skew = properties.getClockSkew();
		if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new InvalidJwtConfigurationException(PREFIX + "clock-skew", "must be between 0 and 5 minutes");
		}
		if (properties.getMaxTokenLength() < 100) {
			throw new InvalidJwtConfigurationException(PREFIX + "max-token-length", "must be at least 100");
		}
		if (properties.getCacheSize() < 0) {
			throw new InvalidJwtConfigurationException(PREFIX + "cache-size", "must not be negative");
		}
		// 0 would mean a fetch per unknown kid (an attacker's choice), and for the timeouts waiting for ever while
		// the one fetch in flight holds every other unknown kid back.
		between(properties.getJwksRefetchInterval(), "jwks-refetch-interval", Duration.ofSeconds(1),
				Duration.ofDays(1));
		between(properties.getJwksMaxAge(), "jwks-max-age", properties.getJwksRefetchInterval(), Duration.ofDays(1));
		between(properties.getJwksConnectTimeout(), "jwks-connect-timeout", Duration.ofMillis(1),
				Duration.ofMinutes(5));
		between(properties.getJwksReadTimeout(), "jwks-read-timeout", Duration.ofMillis(1), Duration.ofMinutes(5));
		if (StringUtils.hasText(properties.getPublicKey()) && StringUtils.hasText(properties.getJwksUri())) {
			throw new InvalidJwtConfigurationException(PREFIX + "jwks-uri",
					"cannot be combined with platform.security.jwt.public-key; configure one key source");
		}
	}

	private static void between(Duration value, String property, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new InvalidJwtConfigurationException(PREFIX + property,
					"must be between " + min + " and " + max + ", was " + value);
		}
	}

	static VerificationKeySource keySource(JwtProperties properties, ResourceLoader resources, JwtMetrics metrics) {
		String jwksUri = properties.getJwksUri();
		if (StringUtils.hasText(jwksUri)) {
			if (!ClassUtils.isPresent("com.auth0.jwk.UrlJwkProvider", resources.getClassLoader())) {
				throw new InvalidJwtConfigurationException(PREFIX + "jwks-uri",
						"needs com.auth0:jwks-rsa on the classpath (platform-starter brings it)");
			}
			return JwksKeySource.forUrl(jwksUrl(jwksUri, properties.isJwksAllowHttp()), properties.getJwksConnectTimeout(),
					properties.getJwksReadTimeout(), properties.getJwksRefetchInterval(), properties.getJwksMaxAge(),
					metrics);
		}
		String property = PREFIX + "public-key";
		PublicKey key = PemKeys.publicKey(property, properties.getPublicKey(), resources);
		if (key instanceof RSAPublicKey rsa && !JwtTokenVerifier.isStrongEnough(rsa)) {
			throw new InvalidJwtConfigurationException(property, "is a " + rsa.getModulus().bitLength()
					+ "-bit RSA key; at least " + JwtTokenVerifier.MIN_RSA_BITS + " bits are required");
		}
		boolean fits = properties.getAlgorithms()
			.stream()
			.anyMatch((algorithm) -> JwtTokenVerifier.algorithmFor(algorithm, key) != null);
		if (!fits) {
			throw new InvalidJwtConfigurationException(property,
					"is a " + key.getAlgorithm() + " key, which none of " + properties.getAlgorithms() + " uses");
		}
		return (keyId) -> key;
	}

	private static URL jwksUrl(String value, boolean allowHttp) {
		URI uri;
		URL url;
		try {
			uri = URI.create(value);
			if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new IllegalArgumentException("not http(s) with a host");
			}
			url = uri.toURL();
		}
		catch (IllegalArgumentException | MalformedURLException ex) {
			throw new InvalidJwtConfigurationException(PREFIX + "jwks-uri", "must be an http(s) URL with a host");
		}
		if ("http".equals(uri.getScheme()) && !allowHttp && !isLoopback(uri.getHost())) {
			throw new InvalidJwtConfigurationException(PREFIX + "jwks-uri", "fetches keys over plain http from '"
					+ uri.getHost() + "', where anyone on the network path can replace them and sign tokens; use "
					+ "https, or set " + PREFIX + "jwks-allow-http=true on a network you trust");
		}
		return url;
	}

	/** Decided from the name alone: a lookup at startup could hang, and what a name resolves to can change. */
	private static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]")) {
			return true;
		}
		String[] parts = name.split("\\.", -1);
		if (parts.length != 4 || !parts[0].equals("127")) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
					|| Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static void require(String value, String name, String reason) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJwtConfigurationException(PREFIX + name, reason);
		}
	}

}
