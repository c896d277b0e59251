package dev.platform.events;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EventsSchemaFlywayTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				FlywayAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:events-flyway;DB_CLOSE_DELAY=-1",
				"spring.flyway.locations=classpath:db/platform/events/{vendor}");

	@Test
	void shippedSchemaRunsAsARepeatableMigrationForTheDatabaseVendor() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_outbox", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM platform_processed_event", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = ?",
					Integer.class, "R__platform_events.sql"))
				.isEqualTo(1);
		});
	}

}
