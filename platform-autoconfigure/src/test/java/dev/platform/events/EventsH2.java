package dev.platform.events;

import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A fresh in-memory H2 database with the events schema, for the tests of the outbox and the processed-event
 * record that need no application context.
 */
public final class EventsH2 {

	/** The schema script, as applications run it on H2. */
	public static final ResourceDatabasePopulator SCHEMA = new ResourceDatabasePopulator(
			new ClassPathResource("db/platform/events/h2/R__platform_events.sql"));

	private EventsH2() {
	}

	/**
	 * A database of its own, with the schema applied once.
	 * @param name what the database is for, part of its unique name
	 * @return its data source
	 */
	public static DriverManagerDataSource withSchema(String name) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		SCHEMA.execute(dataSource);
		return dataSource;
	}

}
