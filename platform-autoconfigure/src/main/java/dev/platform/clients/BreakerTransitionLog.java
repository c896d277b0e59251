package dev.platform.clients;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each state change of a client's circuit breaker: a warning when it opens (with the failure and slow-call
 * rates that opened it and how long calls now fail fast), and one line when it half-opens and closes again. A
 * breaker behind {@code callOrDefault} would otherwise open and close without a word, the fallback hiding the
 * outage.
 */
final class BreakerTransitionLog {

	private static final Log logger = LogFactory.getLog(BreakerTransitionLog.class);

	private BreakerTransitionLog() {
	}

	static void attach(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition((event) -> log(breaker, event));
	}

	private static void log(CircuitBreaker breaker, CircuitBreakerOnStateTransitionEvent event) {
		String client = "Client '" + event.getCircuitBreakerName() + "'";
		switch (event.getStateTransition().getToState()) {
			case OPEN -> {
				CircuitBreaker.Metrics metrics = breaker.getMetrics();
				logger.warn(client + ": circuit breaker opened (failure rate " + rate(metrics.getFailureRate())
						+ ", slow calls " + rate(metrics.getSlowCallRate()) + " of the last "
						+ metrics.getNumberOfBufferedCalls() + " calls); calls fail fast for "
						+ duration(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)));
			}
			case HALF_OPEN -> logger.info(client + ": circuit breaker half-open, letting "
					+ breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState() + " calls through");
			case CLOSED -> logger.info(client + ": circuit breaker closed, calls go through again");
			default -> logger.info(client + ": circuit breaker " + event.getStateTransition().getToState());
		}
	}

	private static String duration(long millis) {
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static String rate(float percent) {
		return (percent < 0) ? "n/a" : Math.round(percent) + "%";
	}

}
