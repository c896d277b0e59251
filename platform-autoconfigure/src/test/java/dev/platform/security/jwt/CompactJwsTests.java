package dev.platform.security.jwt;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.interfaces.Claim;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reading a token's header and claims without java-jwt's Jackson 2 decoder.
 */
class CompactJwsTests {

	private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";

	@Test
	void readsHeaderAndClaimsAsPlainJavaValuesInDocumentOrder() {
		CompactJws jws = parse(HEADER, "{\"sub\":\"user-42\",\"aud\":\"orders\",\"exp\":1790000000,\"small\":7,"
				+ "\"big\":12345678901,\"huge\":123456789012345678901234,\"ratio\":0.25,\"on\":true,\"none\":null,"
				+ "\"list\":[1,\"a\",[]],\"obj\":{\"x\":{\"y\":false}}}");
		assertThat(jws.getAlgorithm()).isEqualTo("RS256");
		assertThat(jws.getType()).isEqualTo("JWT");
		assertThat(jws.getKeyId()).isEqualTo("k1");
		assertThat(jws.getContentType()).isNull();
		assertThat(jws.claims().keySet()).containsExactly("sub", "aud", "exp", "small", "big", "huge", "ratio", "on",
				"none", "list", "obj");
		assertThat(jws.claims().get("small")).isEqualTo(7);
		assertThat(jws.claims().get("big")).isEqualTo(12345678901L);
		assertThat(jws.claims().get("huge")).isEqualTo(new BigInteger("123456789012345678901234"));
		assertThat(jws.claims().get("ratio")).isEqualTo(0.25);
		assertThat(jws.claims().get("list")).isEqualTo(List.of(1, "a", List.of()));
		assertThat(jws.claims().get("obj")).isEqualTo(Map.of("x", Map.of("y", false)));
		assertThat(jws.getAudience()).containsExactly("orders");
		assertThat(jws.getExpiresAtAsInstant()).isEqualTo(Instant.ofEpochSecond(1790000000));
		assertThat(jws.getExpiresAt().toInstant()).isEqualTo(Instant.ofEpochSecond(1790000000));
		assertThat(jws.getNotBefore()).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> jws.claims().put("sub", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<Object>) jws.claims().get("list")).add("x"));
	}

	@Test
	void decodesSegmentsOfEveryLength() {
		for (int length = 0; length < 12; length++) {
			String value = "\u00e9x".repeat(length).substring(0, length);
			CompactJws jws = parse("{\"alg\":\"RS256\",\"v\":\"" + value + "\"}", "{\"v\":\"" + value + "\"}");
			assertThat(jws.getHeaderClaim("v").asString()).isEqualTo(value);
			assertThat(jws.claims().get("v")).isEqualTo(value);
		}
		byte[] signature = new byte[256];
		new java.util.Random(7).nextBytes(signature);
		CompactJws jws = CompactJws
			.parse(TestTokens.b64(HEADER) + "." + TestTokens.b64("{}") + "." + TestTokens.b64(signature));
		assertThat(jws.decodedSignature()).isEqualTo(signature);
	}

	@Test
	void keepsTheSegmentsForSignatureVerification() {
		String header = TestTokens.b64(HEADER);
		String payload = TestTokens.b64("{\"sub\":\"a\"}");
		CompactJws jws = CompactJws.parse(header + "." + payload + ".c2ln");
		assertThat(jws.getHeader()).isEqualTo(header);
		assertThat(jws.getPayload()).isEqualTo(payload);
		assertThat(jws.getSignature()).isEqualTo("c2ln");
		assertThat(jws.getToken()).isEqualTo(header + "." + payload + ".c2ln");
	}

	@Test
	void claimsTellMissingFromNullAndConvertOnlyToTheirOwnTypes() {
		CompactJws jws = parse(HEADER, "{\"none\":null,\"n\":5,\"s\":\"x\",\"l\":[\"a\",\"b\"],\"m\":{\"k\":1}}");
		assertThat(jws.getClaim("absent").isMissing()).isTrue();
		assertThat(jws.getClaim("absent").isNull()).isFalse();
		assertThat(jws.getClaim("none").isNull()).isTrue();
		assertThat(jws.getClaim("none").isMissing()).isFalse();
		Claim number = jws.getClaim("n");
		assertThat(number.asInt()).isEqualTo(5);
		assertThat(number.asLong()).isEqualTo(5L);
		assertThat(number.asDouble()).isEqualTo(5.0);
		assertThat(number.asString()).isNull();
		assertThat(number.asBoolean()).isNull();
		assertThat(number.asInstant()).isEqualTo(Instant.ofEpochSecond(5));
		assertThat(jws.getClaim("s").asInt()).isNull();
		assertThat(jws.getClaim("l").asList(String.class)).containsExactly("a", "b");
		assertThat(jws.getClaim("l").asArray(String.class)).containsExactly("a", "b");
		assertThat(jws.getClaim("s").asList(String.class)).isNull();
		assertThatExceptionOfType(JWTDecodeException.class).isThrownBy(() -> jws.getClaim("l").asList(Integer.class));
		assertThat(jws.getClaim("m").asMap()).containsEntry("k", 1);
		assertThatExceptionOfType(JWTDecodeException.class).isThrownBy(() -> jws.getClaim("s").asMap());
		assertThat(jws.getClaim("s").as(Object.class)).isEqualTo("x");
		assertThatExceptionOfType(JWTDecodeException.class).isThrownBy(() -> jws.getClaim("s").as(Integer.class));
		assertThat(jws.getClaims()).containsOnlyKeys("none", "n", "s", "l", "m");
		assertThat(jws.getHeaderClaim("kid").asString()).isEqualTo("k1");
		assertThat(jws.hasHeader("crit")).isFalse();
	}

	@Test
	void rejectsWhatIsNotExactlyOneJsonObjectWithoutDuplicateNames() {
		for (String json : List.of("[]", "\"sub\"", "7", "null", "{", "{\"a\":1}{}", "{\"a\":1,}", "{'a':1}",
				"{\"a\":1,\"a\":2}", "{\"o\":{\"a\":1,\"a\":1}}", "{\"a\":NaN}", "")) {
			assertThatIllegalArgumentException().as(json).isThrownBy(() -> parse(HEADER, json));
			assertThatIllegalArgumentException().as(json).isThrownBy(() -> parse(json, "{}"));
		}
	}

	@Test
	void rejectsRegisteredMembersOfTheWrongJsonType() {
		for (String claims : List.of("{\"iss\":1}", "{\"sub\":[\"a\"]}", "{\"jti\":true}", "{\"aud\":1}",
				"{\"aud\":[\"a\",1]}", "{\"aud\":{}}", "{\"exp\":\"1790000000\"}", "{\"nbf\":[]}", "{\"iat\":true}",
				"{\"exp\":18446744073709551616}", "{\"exp\":1e300}", "{\"exp\":-1e300}")) {
			assertThatIllegalArgumentException().as(claims).isThrownBy(() -> parse(HEADER, claims));
		}
		for (String header : List.of("{\"alg\":1}", "{\"typ\":{}}", "{\"kid\":7}", "{\"cty\":false}")) {
			assertThatIllegalArgumentException().as(header).isThrownBy(() -> parse(header, "{}"));
		}
		assertThat(parse(HEADER, "{\"iss\":null,\"aud\":[\"a\",\"b\"],\"exp\":1.5e9}").getExpiresAtAsInstant())
			.isEqualTo(Instant.ofEpochSecond(1_500_000_000));
	}

	private static CompactJws parse(String headerJson, String claimsJson) {
		return CompactJws.parse(TestTokens.b64(headerJson) + "." + TestTokens.b64(claimsJson) + ".c2ln");
	}

}
