package dev.platform.security.jwt;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link JwtMetrics} as Micrometer counters: {@code platform.security.jwt.verifications{outcome}},
 * {@code platform.security.jwt.jwks.fetches{outcome}} and {@code platform.security.jwt.cache.requests{result}}.
 */
public final class MicrometerJwtMetrics implements JwtMetrics {

	private final Map<JwtOutcome, Counter> verifications = new EnumMap<>(JwtOutcome.class);

	private final Counter fetchSuccess;

	private final Counter fetchFailure;

	private final Counter cacheHit;

	private final Counter cacheMiss;

	public MicrometerJwtMetrics(MeterRegistry registry) {
		for (JwtOutcome outcome : JwtOutcome.values()) {
			this.verifications.put(outcome, Counter.builder("platform.security.jwt.verifications")
				.description("Bearer token verifications by outcome")
				.tag("outcome", outcome.tagValue())
				.register(registry));
		}
		this.fetchSuccess = fetches(registry, "success");
		this.fetchFailure = fetches(registry, "failure");
		this.cacheHit = cache(registry, "hit");
		this.cacheMiss = cache(registry, "miss");
	}

	private static Counter fetches(MeterRegistry registry, String outcome) {
		return Counter.builder("platform.security.jwt.jwks.fetches")
			.description("JWKS document fetches by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static Counter cache(MeterRegistry registry, String result) {
		return Counter.builder("platform.security.jwt.cache.requests")
			.description("Verification cache lookups; hit ratio = hit / (hit + miss)")
			.tag("result", result)
			.register(registry);
	}

	@Override
	public void verification(JwtOutcome outcome) {
		this.verifications.get(outcome).increment();
	}

	@Override
	public void jwksFetch(boolean success) {
		(success ? this.fetchSuccess : this.fetchFailure).increment();
	}

	@Override
	public void cacheLookup(boolean hit) {
		(hit ? this.cacheHit : this.cacheMiss).increment();
	}

}
