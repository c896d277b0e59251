package dev.platform.demo.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code orders.unfinished.oldest.age{status}}: how long the longest-waiting order has been {@code PENDING} (waiting
 * for payments) or {@code PAID} (waiting for shipping), 0 when none is. In a working saga both stay at seconds; an
 * order that stays for many minutes means an event of its saga was lost on the way (a queue that missed it, a dead
 * letter), which no service can notice from the events it did get. Alert {@code DemoOrderStuck} watches it.
 */
@Component
class UnfinishedOrdersMetrics implements MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(UnfinishedOrdersMetrics.class);

	private final JdbcClient jdbc;

	private final Clock clock = Clock.systemUTC();

	UnfinishedOrdersMetrics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (OrderStatus status : new OrderStatus[] { OrderStatus.PENDING, OrderStatus.PAID }) {
			Gauge.builder("orders.unfinished.oldest.age", () -> oldestAgeSeconds(status))
				.tag("status", status.name())
				.baseUnit("seconds")
				.description("Age of the oldest order in this status since its last change; 0 when there is none")
				.register(registry);
		}
	}

	double oldestAgeSeconds(OrderStatus status) {
		try {
			return this.jdbc.sql("SELECT MIN(updated_at) FROM orders WHERE status = ?")
				.param(status.name())
				.query(Timestamp.class)
				.optional()
				.map((oldest) -> Math.max(0, Duration.between(oldest.toInstant(), this.clock.instant()).toMillis()
						/ 1000.0))
				.orElse(0.0);
		}
		catch (RuntimeException ex) {
			// The database is down: no figure rather than a wrong one (the scrape carries NaN).
			logger.debug("Could not read the oldest {} order: {}", status, ex.toString());
			return Double.NaN;
		}
	}

}
