package dev.platform.security.jwt;

/**
 * A token was not accepted. Carries no stack trace: rejections are expected traffic, sometimes floods.
 */
public final class JwtRejectedException extends RuntimeException {

	private final JwtOutcome outcome;

	public JwtRejectedException(JwtOutcome outcome) {
		super(outcome.description(), null, false, false);
		this.outcome = outcome;
	}

	public JwtOutcome getOutcome() {
		return this.outcome;
	}

}
