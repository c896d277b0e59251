package dev.platform.jdbc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JDBC URL points: system, host, port and database, and never the credentials that some URLs carry.
 *
 * @param system the database system ({@code postgresql}, {@code h2}, ...)
 * @param host the host, {@code in-process} for embedded databases, empty when unknown
 * @param port the port, empty when the URL has none
 * @param database the database name, empty when unknown
 */
record JdbcUrl(String system, String host, String port, String database) {

	private static final Pattern NETWORK = Pattern
		.compile("jdbc:([a-z0-9]+)(?::[a-z0-9]+)*://(?:[^@/]*@)?(\\[[^\\]]+\\]|[^:/;?,]+)(?::(\\d+))?(?:[/;:]([^?;]*))?.*",
				Pattern.CASE_INSENSITIVE);

	private static final Pattern DATABASE_NAME = Pattern.compile("(?i)databaseName=([^;]+)");

	static JdbcUrl parse(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:hsqldb:mem:")
				|| lower.startsWith("jdbc:derby:memory:")) {
			String rest = url.substring(lower.indexOf(":mem") + 1);
			String name = rest.substring(rest.indexOf(':') + 1);
			return new JdbcUrl(system(lower), "in-process", "", stripOptions(name));
		}
		Matcher matcher = NETWORK.matcher(url);
		if (matcher.matches()) {
			String database = (matcher.group(4) != null) ? stripOptions(matcher.group(4)) : "";
			database = database.contains("=") ? "" : database;
			Matcher named = DATABASE_NAME.matcher(url);
			if (database.isEmpty() && named.find()) {
				database = named.group(1);
			}
			return new JdbcUrl(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2).toLowerCase(Locale.ROOT),
					(matcher.group(3) != null) ? matcher.group(3) : "", database);
		}
		if (lower.startsWith("jdbc:h2:")) {
			String path = url.substring("jdbc:h2:".length());
			path = path.startsWith("file:") ? path.substring("file:".length()) : path;
			return new JdbcUrl("h2", "in-process", "", stripOptions(path));
		}
		return new JdbcUrl(system(lower), "", "", "");
	}

	private static String system(String lowerUrl) {
		String[] parts = lowerUrl.split(":");
		return (parts.length > 1) ? parts[1] : "unknown";
	}

	private static String stripOptions(String value) {
		int end = value.length();
		for (char separator : new char[] { ';', '?' }) {
			int index = value.indexOf(separator);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		return value.substring(0, end);
	}

}
