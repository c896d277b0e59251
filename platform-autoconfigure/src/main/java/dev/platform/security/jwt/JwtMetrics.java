package dev.platform.security.jwt;

/**
 * Receives the events behind the {@code platform.security.jwt.*} metrics.
 */
public interface JwtMetrics {

	/** Records nothing, for applications without Micrometer. */
	JwtMetrics NONE = new JwtMetrics() {
	};

	/**
	 * Called once per verified or rejected request.
	 * @param outcome the outcome
	 */
	default void verification(JwtOutcome outcome) {
	}

	/**
	 * Called after each JWKS fetch.
	 * @param success whether the document was fetched and parsed
	 */
	default void jwksFetch(boolean success) {
	}

	/**
	 * Called on each verification cache lookup.
	 * @param hit whether a verified result was found
	 */
	default void cacheLookup(boolean hit) {
	}

}
