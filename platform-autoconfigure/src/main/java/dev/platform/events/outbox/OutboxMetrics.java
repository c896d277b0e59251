package dev.platform.events.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox gauges: {@code platform.events.outbox.backlog} (unsent rows) and {@code platform.events.outbox.oldest.age}
 * in seconds (age of the oldest unsent row). Both come from one query, cached briefly so a scrape costs one query.
 */
public final class OutboxMetrics implements MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(OutboxMetrics.class);

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final JdbcOutbox outbox;

	private final Clock clock;

	private JdbcOutbox.@Nullable Stats stats;

	private Instant statsAt = Instant.MIN;

	public OutboxMetrics(JdbcOutbox outbox, Clock clock) {
		this.outbox = outbox;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// NaN while the statistics cannot be read (database down): a gap on the dashboard, not a made-up value.
		Gauge.builder("platform.events.outbox.backlog", this, (metrics) -> metrics.read(JdbcOutbox.Stats::backlog))
			.description("Outbox rows not yet confirmed by the broker")
			.register(registry);
		Gauge.builder("platform.events.outbox.oldest.age", this,
				(metrics) -> metrics.read(JdbcOutbox.Stats::oldestAgeSeconds))
			.baseUnit("seconds")
			.description("Age of the oldest outbox row not yet confirmed by the broker")
			.register(registry);
	}

	private double read(java.util.function.ToDoubleFunction<JdbcOutbox.Stats> figure) {
		JdbcOutbox.Stats current = stats();
		return (current != null) ? figure.applyAsDouble(current) : Double.NaN;
	}

	synchronized JdbcOutbox.@Nullable Stats stats() {
		Instant now = this.clock.instant();
		if (this.stats == null || now.isAfter(this.statsAt.plus(CACHE))) {
			try {
				this.stats = this.outbox.stats(now);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not read outbox statistics: {}", ex.getMessage());
				return null;
			}
			this.statsAt = now;
		}
		return this.stats;
	}

}
