package dev.platform.events.outbox;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox gauges show a gap (NaN), not a made-up number, while the database cannot be read. */
class OutboxMetricsTests {

	@Test
	void gaugesAreNaNWhileTheDatabaseIsDown() {
		DataSource down = new AbstractDataSource() {

			@Override
			public java.sql.Connection getConnection() throws SQLException {
				throw new SQLException("database down");
			}

			@Override
			public java.sql.Connection getConnection(String username, String password) throws SQLException {
				return getConnection();
			}

		};
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new OutboxMetrics(new JdbcOutbox(new JdbcTemplate(down)), Clock.systemUTC()).bindTo(registry);
		assertThat(registry.get("platform.events.outbox.backlog").gauge().value()).isNaN();
		assertThat(registry.get("platform.events.outbox.oldest.age").gauge().value()).isNaN();
	}

}
