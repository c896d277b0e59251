package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
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
 * {@code nbf}, {@code iat}), so the getters below never meet a value of another type. Immutable, but for the
 * array {@link #decodedSignature()} hands out uncopied.
 * <p>
 * The text is turned into bytes once; the checks and the base64url decoding of all three segments are one pass
 * over them, and the signing input is fed from them, so a token costs no substrings.
 */
final class CompactJws implements DecodedJWT {

	/** The value of each base64url character by its byte, -1 for every other byte. */
	private static final int[] ALPHABET = new int[256];

	static {
		Arrays.fill(ALPHABET, -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			ALPHABET[alphabet.charAt(i)] = i;
		}
	}

	private static final List<String> STRING_HEADERS = List.of("alg", "typ", "cty", "kid");

	private static final List<String> STRING_CLAIMS = List.of("iss", "sub", "jti");

	private static final List<String> NUMERIC_DATE_CLAIMS = List.of("exp", "nbf", "iat");

	/** {@code Instant.MAX} in seconds, rounded down; beyond it no date is meaningful. */
	private static final long MAX_SECONDS = 31_556_889_864_403_199L;

	private final String token;

	private final byte[] ascii;

	private final int headerEnd;

	private final int payloadEnd;

	private final byte[] signature;

	private final Map<String, @Nullable Object> header;

	private final Map<String, @Nullable Object> claims;

	private CompactJws(String token, byte[] ascii, Segments segments, Map<String, @Nullable Object> header,
			Map<String, @Nullable Object> claims) {
		this.token = token;
		this.ascii = ascii;
		this.headerEnd = segments.headerEnd();
		this.payloadEnd = segments.payloadEnd();
		this.signature = segments.signature();
		this.header = header;
		this.claims = claims;
	}

	/**
	 * Splits and parses a token. Only the compact form is accepted: three non-empty segments of base64url
	 * characters separated by two dots, each a canonical encoding (see {@link #isCompactCanonical(byte[])}).
	 * @param token the token
	 * @return the parsed token; its signature is not verified
	 * @throws IllegalArgumentException when the text is not of that form, a segment is not a JSON object, or a
	 * registered member has the wrong type
	 */
	static CompactJws parse(String token) {
		// Any character beyond Latin-1 becomes '?', which is no base64url character either.
		byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
		Segments segments = decodeSegments(ascii);
		if (segments == null) {
			throw new IllegalArgumentException("Not a compact JWS with canonical base64url segments");
		}
		Map<String, @Nullable Object> header = JsonObjectReader.read(segments.header());
		Map<String, @Nullable Object> claims = JsonObjectReader.read(segments.claims());
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
		return new CompactJws(token, ascii, segments, header, claims);
	}

	/**
	 * Three non-empty segments of base64url characters separated by two dots, each segment a canonical encoding. A
	 * segment whose length leaves a remainder of 1 is no encoding at all, and one whose last character carries set
	 * bits the decoder ignores is rejected too: the lenient decoder would map several texts to the same bytes, so a
	 * token could be altered without touching its signature.
	 * @param ascii the token's characters as bytes
	 * @return whether it has that form
	 */
	static boolean isCompactCanonical(byte[] ascii) {
		return decodeSegments(ascii) != null;
	}

	/**
	 * Splits at the two dots and decodes the three segments in one pass over the bytes, checking the form
	 * {@link #isCompactCanonical(byte[])} describes as it goes.
	 * @return the decoded segments, or {@code null} when the bytes are not of that form
	 */
	private static @Nullable Segments decodeSegments(byte[] ascii) {
		int headerEnd = indexOfDot(ascii, 0);
		int payloadEnd = (headerEnd < 0) ? -1 : indexOfDot(ascii, headerEnd + 1);
		if (payloadEnd < 0) {
			return null;
		}
		// A third dot is no base64url character, so decoding the signature segment rejects it.
		byte[] header = decodeCanonical(ascii, 0, headerEnd);
		byte[] claims = (header != null) ? decodeCanonical(ascii, headerEnd + 1, payloadEnd) : null;
		byte[] signature = (claims != null) ? decodeCanonical(ascii, payloadEnd + 1, ascii.length) : null;
		return (signature != null) ? new Segments(headerEnd, payloadEnd, header, claims, signature) : null;
	}

	/** The index of the first dot at or after {@code from}, or -1. */
	private static int indexOfDot(byte[] ascii, int from) {
		for (int i = from; i < ascii.length; i++) {
			if (ascii[i] == '.') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Decodes one segment, or returns {@code null} when it is empty, holds a byte outside the base64url alphabet,
	 * has a length that leaves a remainder of 1, or sets bits of its last character that no byte uses. A plain loop
	 * that checks while it decodes: {@code Base64.Decoder} on a slice of a buffer took three times as long, is
	 * lenient about the unused bits, and a separate checking pass cost as much again.
	 */
	private static byte @Nullable [] decodeCanonical(byte[] ascii, int start, int end) {
		int length = end - start;
		if (length <= 0 || length % 4 == 1) {
			return null;
		}
		byte[] decoded = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
		// Every character outside the alphabet is -1, so one such character makes the OR of all values negative.
		int seen = 0;
		int out = 0;
		int i = start;
		for (; i + 4 <= end; i += 4) {
			int a = ALPHABET[ascii[i] & 0xff];
			int b = ALPHABET[ascii[i + 1] & 0xff];
			int c = ALPHABET[ascii[i + 2] & 0xff];
			int d = ALPHABET[ascii[i + 3] & 0xff];
			seen |= a | b | c | d;
			int bits = a << 18 | b << 12 | c << 6 | d;
			decoded[out++] = (byte) (bits >> 16);
			decoded[out++] = (byte) (bits >> 8);
			decoded[out++] = (byte) bits;
		}
		int unused = 0;
		if (end - i == 2) {
			int a = ALPHABET[ascii[i] & 0xff];
			int b = ALPHABET[ascii[i + 1] & 0xff];
			seen |= a | b;
			unused = b & 0x0f;
			decoded[out] = (byte) (a << 2 | b >> 4);
		}
		else if (end - i == 3) {
			int a = ALPHABET[ascii[i] & 0xff];
			int b = ALPHABET[ascii[i + 1] & 0xff];
			int c = ALPHABET[ascii[i + 2] & 0xff];
			seen |= a | b | c;
			unused = c & 0x03;
			int bits = a << 10 | b << 4 | c >> 2;
			decoded[out++] = (byte) (bits >> 8);
			decoded[out] = (byte) bits;
		}
		return (seen < 0 || unused != 0) ? null : decoded;
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
	 * Feeds a signature the bytes it covers: the header and the payload segment with the dot between them.
	 * @param signature initialized for verification
	 * @throws SignatureException if the signature is not initialized
	 */
	void updateWithSigningInput(Signature signature) throws SignatureException {
		signature.update(this.ascii, 0, this.payloadEnd);
	}

	/**
	 * Returns the decoded signature, not copied: for the signature check only, which reads it.
	 * @return its bytes
	 */
	byte[] decodedSignature() {
		return this.signature;
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

	/** Where the dots are and what the three segments decode to. */
	private record Segments(int headerEnd, int payloadEnd, byte[] header, byte[] claims, byte[] signature) {
	}

}
