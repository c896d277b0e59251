package dev.platform.security.jwt;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.auth0.jwt.interfaces.DecodedJWT;
import org.jspecify.annotations.Nullable;

/**
 * Every claim of a verified payload as plain Java values ({@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map}), converted on first access: most requests never read a claim beyond what
 * {@link JwtPrincipal} already holds, and converting each claim out of the parsed JSON costs more than checking
 * them all. Unmodifiable; safe to share between threads (a race converts twice, to equal maps).
 */
final class PayloadClaims extends AbstractMap<String, @Nullable Object> {

	private volatile @Nullable DecodedJWT source;

	private volatile @Nullable Map<String, @Nullable Object> claims;

	PayloadClaims(DecodedJWT source) {
		this.source = source;
	}

	@Override
	public Set<Entry<String, @Nullable Object>> entrySet() {
		return claims().entrySet();
	}

	@Override
	public int size() {
		return claims().size();
	}

	@Override
	public boolean containsKey(Object key) {
		return claims().containsKey(key);
	}

	@Override
	public @Nullable Object get(Object key) {
		return claims().get(key);
	}

	private Map<String, @Nullable Object> claims() {
		Map<String, @Nullable Object> converted = this.claims;
		if (converted == null) {
			DecodedJWT jwt = this.source;
			if (jwt == null) {
				// Another thread converted and let go of the token in between.
				return this.claims;
			}
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			jwt.getClaims().forEach((name, claim) -> map.put(name, claim.as(Object.class)));
			converted = Collections.unmodifiableMap(map);
			this.claims = converted;
			this.source = null;
		}
		return converted;
	}

}
