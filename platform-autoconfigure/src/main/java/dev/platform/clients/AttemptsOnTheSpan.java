package dev.platform.clients;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Tells a client call's observation, when the call took more than one attempt, how often it was sent again and why.
 * The attempts share the call's span (and its {@code traceparent}), because the resilience interceptor repeats only
 * the exchange inside the call; without this a call retried twice after two 503s looked like one slow success. The
 * span gets OpenTelemetry's {@code http.request.resend_count} and, with Micrometer Tracing, one event per failed
 * attempt at the time it failed ({@code attempt 1 failed: HTTP 503}). A call answered at its first attempt costs
 * nothing here, and without Micrometer Tracing nothing is recorded.
 */
final class AttemptsOnTheSpan {

	/** OpenTelemetry's semantic convention for the number of times a request was sent again. */
	static final String RESEND_COUNT = "http.request.resend_count";

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", AttemptsOnTheSpan.class.getClassLoader());

	private final ObservationRegistry observations;

	AttemptsOnTheSpan(ObservationRegistry observations) {
		this.observations = observations;
	}

	/**
	 * Records the attempts of the call whose observation is current.
	 * @param count the attempts made, more than one
	 * @param failed the attempts that failed, in order
	 */
	void record(int count, List<FailedAttempt> failed) {
		if (!TRACING_PRESENT) {
			return;
		}
		Observation current = this.observations.getCurrentObservation();
		if (current == null || !(current.getContext() instanceof ClientRequestObservationContext context)) {
			return;
		}
		try {
			Spans.record(context, count, failed);
		}
		catch (RuntimeException ex) {
			// What the trace says about the attempts must never fail the call.
		}
	}

	/**
	 * An attempt that failed.
	 * @param number which attempt, from 1
	 * @param outcome what happened: {@code HTTP 503}, or the exception
	 * @param epochMillis when it ended
	 */
	record FailedAttempt(int number, String outcome, long epochMillis) {

		private static final int MAX_OUTCOME_LENGTH = 200;

		static FailedAttempt of(int number, Throwable failure, long epochMillis) {
			String message = failure.getMessage();
			String outcome = failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
			return new FailedAttempt(number,
					(outcome.length() > MAX_OUTCOME_LENGTH) ? outcome.substring(0, MAX_OUTCOME_LENGTH) + "..." : outcome,
					epochMillis);
		}

	}

	/** Micrometer Tracing's types, loaded only when it is on the class path. */
	private static final class Spans {

		static void record(ClientRequestObservationContext context, int count, List<FailedAttempt> failed) {
			TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
			Span span = (tracing != null) ? tracing.getSpan() : null;
			if (span == null) {
				return;
			}
			// A number, as OpenTelemetry defines it (an observation's key values are strings).
			span.tag(RESEND_COUNT, (long) (count - 1));
			for (FailedAttempt attempt : failed) {
				span.event("attempt " + attempt.number() + " failed: " + attempt.outcome(), attempt.epochMillis(),
						TimeUnit.MILLISECONDS);
			}
		}

	}

}
