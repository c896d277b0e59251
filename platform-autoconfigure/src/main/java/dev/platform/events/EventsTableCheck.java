package dev.platform.events;

import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails startup when a table that an enabled events feature needs does not exist, instead of letting every publish,
 * relay round and consumed event fail on it later. Runs once all singletons exist, so after Boot's database
 * initializers ({@code spring.sql.init}, Flyway, Liquibase) created the schema; the bean is also declared to depend
 * on them. A database that cannot be reached at startup is only logged: the starter waits for it at runtime, as
 * everywhere else.
 */
final class EventsTableCheck implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(EventsTableCheck.class);

	private final String table;

	private final String neededFor;

	private final BooleanSupplier needed;

	private final Runnable query;

	/**
	 * @param table the table
	 * @param neededFor what the table is needed for, completing "platform events need it ..."
	 * @param needed whether the features that need the table are in use
	 * @param query reads no row of the table, through the database the feature uses, and fails if it is missing
	 */
	EventsTableCheck(String table, String neededFor, BooleanSupplier needed, Runnable query) {
		this.table = table;
		this.neededFor = neededFor;
		this.needed = needed;
		this.query = query;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.needed.getAsBoolean()) {
			return;
		}
		try {
			this.query.run();
		}
		catch (RuntimeException ex) {
			if (EventsSchema.isMissingTable(ex)) {
				throw new MissingEventsTableException(this.table, this.neededFor, ex);
			}
			logger.warn("Could not check at startup that table {} exists (platform events need it {}): {}",
					this.table, this.neededFor, String.valueOf(ex.getMessage()));
		}
	}

}
