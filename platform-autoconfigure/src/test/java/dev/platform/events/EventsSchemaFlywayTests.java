package dev.platform.events;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventsSchemaFlywayTests {

	@Test
	void shippedSchemaRunsAsARepeatableMigrationBesideVersionedOnes() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:events-flyway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		// What spring.flyway.locations=classpath:db/platform/events/{vendor} resolves to on H2.
		Flyway flyway = Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/platform/events/h2")
			.load();
		MigrateResult result = flyway.migrate();
		assertThat(result.success).isTrue();
		assertThat(result.migrations).extracting((migration) -> migration.filepath)
			.singleElement()
			.asString()
			.endsWith("R__platform_events.sql");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_outbox", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_processed_event", Integer.class)).isZero();
		assertThat(flyway.migrate().migrationsExecuted).as("unchanged repeatable migration is not re-run").isZero();
	}

}
