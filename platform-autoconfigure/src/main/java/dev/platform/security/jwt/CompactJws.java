package dev.platform.security.jwt;

import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS whose header and claims set were read by {@link JsonObjectReader}, as the java-jwt
 * {@link DecodedJWT} its algorithms verify. Parsing also checks the JSON type of every registered header
 * parameter and claim the verifier reads (strings for {@code alg}, {@code typ}, {@code cty}, {@code kid},
 * {@code iss}, {@code sub}, {@code jti}; a string or an array of strings for {@code aud}; numbers for {@code exp},
 * {@code nbf}, {@code iat}), so the getters below never meet a value of another type. Immutable.
 */
final class CompactJws implements DecodedJWT {

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	private static final List<String> STRING_HEADERS = List.of("alg", "typ", "cty", "kid");

	private static final List<String> STRING_CLAIMS = List.of("iss", "sub", "jti");

	private static final List<String> NUMERIC_DATE_CLAIMS = List.of("exp", "nbf", "iat");

	/** {@code Instant.MAX} in seconds, rounded down; beyond it no date is meaningful. */
	private static final long MAX_SECONDS = 31_556_889_864_403_199L;

	private final String token;

	private final int headerEnd;

	private final int payloadEnd;

	private final Map<String, @Nullable Object> header;

	private final Map<String, @Nullable Object> claims;

	private CompactJws(String token, int headerEnd, int payloadEnd, Map<String, @Nullable Object> header,
			Map<String, @Nullable Object> claims) {
		this.token = token;
		this.headerEnd = headerEnd;
		this.payloadEnd = payloadEnd;
		this.header = header;
		this.claims = claims;
	}

	/**
	 * Splits and parses a token that has the shape of a compact JWS (three base64url segments).
	 * @param token the token
	 * @return the parsed token; its signature is not verified
	 * @throws IllegalArgumentException when a segment is not a JSON object or a registered member has the wrong
	 * type
	 */
	static CompactJws parse(String token) {
		int headerEnd = token.indexOf('.');
		int payloadEnd = token.indexOf('.', headerEnd + 1);
		if (headerEnd < 0 || payloadEnd < 0 || token.indexOf('.', payloadEnd + 1) >= 0) {
			throw new IllegalArgumentException("Not three segments");
		}
		Map<String, @Nullable Object> header = JsonObjectReader
			.read(BASE64URL.decode(token.substring(0, headerEnd)));
		Map<String, @Nullable Object> claims = JsonObjectReader
			.read(BASE64URL.decode(token.substring(headerEnd + 1, payloadEnd)));
		requireTypes(header, STRING_HEADERS, String.class);
		requireTypes(claims, STRING_CLAIMS, String.class);
		requireTypes(claims, NUMERIC_DATE_CLAIMS, Number.class);
		for (String name : NUMERIC_DATE_CLAIMS) {
			if (claims.get(name) instanceof Number seconds && !fitsSeconds(seconds)) {
				throw new IllegalArgumentException(name + " is out of range");
			}
		}
		Object audience = claims.get("aud");
		if (audience instanceof List<?> list) {
			requireTypes(list, String.class, "aud");
		}
		else if (audience != null && !(audience instanceof String)) {
			throw new IllegalArgumentException("aud is neither a string nor an array");
		}
		return new CompactJws(token, headerEnd, payloadEnd, header, claims);
	}

	/** Within the years Instant covers; a BigInteger would wrap around when read as a long. */
	private static boolean fitsSeconds(Number seconds) {
		if (seconds instanceof Integer || seconds instanceof Long) {
			return seconds.longValue() >= -MAX_SECONDS && seconds.longValue() <= MAX_SECONDS;
		}
		return seconds instanceof Double number && number >= -MAX_SECONDS && number <= MAX_SECONDS;
	}

	private static void requireTypes(Map<String, @Nullable Object> members, List<String> names, Class<?> type) {
		for (String name : names) {
			Object value = members.get(name);
			if (value != null && !type.isInstance(value)) {
				throw new IllegalArgumentException(name + " is not a " + type.getSimpleName());
			}
		}
	}

	private static void requireTypes(List<?> elements, Class<?> type, String name) {
		for (Object element : elements) {
			if (!type.isInstance(element)) {
				throw new IllegalArgumentException(name + " has an element that is not a " + type.getSimpleName());
			}
		}
	}

	/**
	 * Returns every claim as a plain Java value.
	 * @return the unmodifiable claims set
	 */
	Map<String, @Nullable Object> claims() {
		return this.claims;
	}

	/**
	 * Returns whether the header has a parameter, whatever its value.
	 * @param name the parameter name
	 * @return {@code true} when present
	 */
	boolean hasHeader(String name) {
		return this.header.containsKey(name);
	}

	@Override
	public String getToken() {
		return this.token;
	}

	@Override
	public String getHeader() {
		return this.token.substring(0, this.headerEnd);
	}

	@Override
	public String getPayload() {
		return this.token.substring(this.headerEnd + 1, this.payloadEnd);
	}

	@Override
	public String getSignature() {
		return this.token.substring(this.payloadEnd + 1);
	}

	@Override
	public @Nullable String getAlgorithm() {
		return (String) this.header.get("alg");
	}

	@Override
	public @Nullable String getType() {
		return (String) this.header.get("typ");
	}

	@Override
	public @Nullable String getContentType() {
		return (String) this.header.get("cty");
	}

	@Override
	public @Nullable String getKeyId() {
		return (String) this.header.get("kid");
	}

	@Override
	public Claim getHeaderClaim(String name) {
		return ValueClaim.of(this.header, name);
	}

	@Override
	public @Nullable String getIssuer() {
		return (String) this.claims.get("iss");
	}

	@Override
	public @Nullable String getSubject() {
		return (String) this.claims.get("sub");
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable List<String> getAudience() {
		Object audience = this.claims.get("aud");
		return (audience instanceof String single) ? List.of(single) : (List<String>) audience;
	}

	@Override
	public @Nullable Date getExpiresAt() {
		return date("exp");
	}

	@Override
	public @Nullable Instant getExpiresAtAsInstant() {
		return instant("exp");
	}

	@Override
	public @Nullable Date getNotBefore() {
		return date("nbf");
	}

	@Override
	public @Nullable Instant getNotBeforeAsInstant() {
		return instant("nbf");
	}

	@Override
	public @Nullable Date getIssuedAt() {
		return date("iat");
	}

	@Override
	public @Nullable Instant getIssuedAtAsInstant() {
		return instant("iat");
	}

	@Override
	public @Nullable String getId() {
		return (String) this.claims.get("jti");
	}

	@Override
	public Claim getClaim(String name) {
		return ValueClaim.of(this.claims, name);
	}

	@Override
	public Map<String, Claim> getClaims() {
		Map<String, Claim> all = new LinkedHashMap<>();
		this.claims.keySet().forEach((name) -> all.put(name, ValueClaim.of(this.claims, name)));
		return Collections.unmodifiableMap(all);
	}

	private @Nullable Date date(String name) {
		Instant instant = instant(name);
		return (instant != null) ? Date.from(instant) : null;
	}

	private @Nullable Instant instant(String name) {
		Number seconds = (Number) this.claims.get(name);
		return (seconds != null) ? Instant.ofEpochSecond(seconds.longValue()) : null;
	}

}
