package dev.platform.security.jwt;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.interfaces.Claim;
import org.jspecify.annotations.Nullable;

/**
 * One claim of a {@link CompactJws}, over the plain Java value {@link JsonObjectReader} produced. Behaves like
 * java-jwt's own claims: a getter for another JSON type answers {@code null}, and {@link #as(Class)},
 * {@link #asList(Class)} and {@link #asArray(Class)} convert to the value's own types only (no data binding).
 */
final class ValueClaim implements Claim {

	private static final ValueClaim MISSING = new ValueClaim(null, true);

	private static final ValueClaim NULL = new ValueClaim(null, false);

	private final @Nullable Object value;

	private final boolean missing;

	private ValueClaim(@Nullable Object value, boolean missing) {
		this.value = value;
		this.missing = missing;
	}

	static ValueClaim of(Map<String, @Nullable Object> members, String name) {
		Object value = members.get(name);
		if (value != null) {
			return new ValueClaim(value, false);
		}
		return members.containsKey(name) ? NULL : MISSING;
	}

	@Override
	public boolean isNull() {
		return !this.missing && this.value == null;
	}

	@Override
	public boolean isMissing() {
		return this.missing;
	}

	@Override
	public @Nullable Boolean asBoolean() {
		return (this.value instanceof Boolean bool) ? bool : null;
	}

	@Override
	public @Nullable Integer asInt() {
		return (this.value instanceof Number number) ? number.intValue() : null;
	}

	@Override
	public @Nullable Long asLong() {
		return (this.value instanceof Number number) ? number.longValue() : null;
	}

	@Override
	public @Nullable Double asDouble() {
		return (this.value instanceof Number number) ? number.doubleValue() : null;
	}

	@Override
	public @Nullable String asString() {
		return (this.value instanceof String string) ? string : null;
	}

	@Override
	public @Nullable Date asDate() {
		Instant instant = asInstant();
		return (instant != null) ? Date.from(instant) : null;
	}

	@Override
	public @Nullable Instant asInstant() {
		return (this.value instanceof Number number) ? Instant.ofEpochSecond(number.longValue()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T @Nullable [] asArray(Class<T> type) {
		List<T> list = asList(type);
		if (list == null) {
			return null;
		}
		return list.toArray((T[]) Array.newInstance(type, list.size()));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable List<T> asList(Class<T> type) {
		if (!(this.value instanceof List<?> list)) {
			return null;
		}
		for (Object element : list) {
			if (element != null && !type.isInstance(element)) {
				throw new JWTDecodeException("Claim array element is not a " + type.getSimpleName());
			}
		}
		return (List<T>) list;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Map<String, Object> asMap() {
		if (isMissing() || isNull()) {
			return null;
		}
		if (!(this.value instanceof Map<?, ?> map)) {
			throw new JWTDecodeException("Claim is not a JSON object");
		}
		return (Map<String, Object>) map;
	}

	@Override
	public <T> @Nullable T as(Class<T> type) {
		if (this.value == null) {
			return null;
		}
		if (!type.isInstance(this.value)) {
			throw new JWTDecodeException("Claim is not a " + type.getSimpleName());
		}
		return type.cast(this.value);
	}

	@Override
	public String toString() {
		if (this.missing) {
			return "Missing claim";
		}
		return (this.value instanceof String string) ? "\"" + string + "\"" : String.valueOf(this.value);
	}

}
