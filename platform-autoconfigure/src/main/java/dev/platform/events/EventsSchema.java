package dev.platform.events;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.BadSqlGrammarException;

/**
 * The tables platform events keep in the application's database and the script that creates them, and how a
 * database says that one of them is missing.
 */
public final class EventsSchema {

	/** The transactional outbox: one row per published event until it is sent and its retention ends. */
	public static final String OUTBOX_TABLE = "platform_outbox";

	/** The record of processed events: one row per consumed event and queue until its retention ends. */
	public static final String PROCESSED_EVENT_TABLE = "platform_processed_event";

	/** The schema script; {@code {vendor}} is {@code postgresql} or {@code h2}. */
	public static final String SCRIPT = "classpath:db/platform/events/{vendor}/R__platform_events.sql";

	private EventsSchema() {
	}

	/**
	 * Whether the failure is the database refusing a statement on the events tables as such: SQL state class
	 * {@code 42} (a table or column that does not exist, or that the application's user may not use), or Spring's
	 * {@link BadSqlGrammarException} for it. A database that cannot be reached is not such a failure.
	 * @param failure the failure, with its causes
	 * @return whether the schema, not the data or the connection, is at fault
	 */
	public static boolean isMissingTable(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BadSqlGrammarException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("42")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure is the database's refusal of a statement on the given table (a missing table, most
	 * likely), as opposed to one on a table of the application's, whose SQL failed in the same transaction.
	 * @param failure the failure
	 * @param table the starter's table
	 * @return whether a grammar failure names the table
	 */
	public static boolean isMissingTable(@Nullable Throwable failure, String table) {
		if (!isMissingTable(failure)) {
			return false;
		}
		String name = table.toLowerCase(java.util.Locale.ROOT);
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What the database said: the first line of the most specific cause's message, without the statement or the
	 * position that H2 and PostgreSQL add (the statement is the starter's own).
	 * @param failure the failure
	 * @return the line
	 */
	public static String databaseMessage(Throwable failure) {
		String message = String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage()).strip();
		int end = message.indexOf('\n');
		String line = (end < 0) ? message : message.substring(0, end).strip();
		return line.endsWith("; SQL statement:") ? line.substring(0, line.length() - "; SQL statement:".length())
				: line;
	}

}
