package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.auth0.jwt.algorithms.Algorithm;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-built tokens: any header, any payload, any signature, so attacks can be expressed exactly.
 */
final class TestTokens {

	static final String ISSUER = "https://login.example.test";

	static final String AUDIENCE = "orders-service";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TestTokens() {
	}

	static Map<String, Object> header(String alg, String kid) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", alg);
		header.put("typ", "JWT");
		if (kid != null) {
			header.put("kid", kid);
		}
		return header;
	}

	static Map<String, Object> claims() {
		long now = Instant.now().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", ISSUER);
		claims.put("aud", AUDIENCE);
		claims.put("sub", "user-42");
		claims.put("iat", now);
		claims.put("exp", now + 300);
		claims.put("scope", "orders:read profile");
		return claims;
	}

	static String b64(String text) {
		return b64(text.getBytes(StandardCharsets.UTF_8));
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	static String sign(Map<String, Object> header, Map<String, Object> claims, Algorithm algorithm) {
		return signRaw(json(header), json(claims), algorithm);
	}

	static String signRaw(String headerJson, String claimsJson, Algorithm algorithm) {
		String header = b64(headerJson);
		String payload = b64(claimsJson);
		byte[] signature = algorithm.sign(header.getBytes(StandardCharsets.US_ASCII),
				payload.getBytes(StandardCharsets.US_ASCII));
		return header + "." + payload + "." + b64(signature);
	}

	static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
		return b64(json(header)) + "." + b64(json(claims)) + ".";
	}

}
