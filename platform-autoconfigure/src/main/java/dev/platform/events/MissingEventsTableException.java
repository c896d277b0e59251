package dev.platform.events;

/**
 * A table the enabled events features need is not in the database; startup fails and names the table and the
 * schema script.
 */
public class MissingEventsTableException extends IllegalStateException {

	private final String table;

	/**
	 * @param table the table
	 * @param neededFor what the table is needed for, completing "platform events need it ..."
	 * @param cause what the database said
	 */
	public MissingEventsTableException(String table, String neededFor, Throwable cause) {
		super("Table " + table + ", which platform events need " + neededFor + ", does not exist (or lacks columns "
				+ "they use); the database says: " + EventsSchema.databaseMessage(cause), cause);
		this.table = table;
	}

	public String getTable() {
		return this.table;
	}

}
