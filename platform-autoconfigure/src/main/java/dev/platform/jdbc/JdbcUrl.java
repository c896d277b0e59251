package dev.platform.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JDBC URL points: system, host, port and database, and never the credentials that some URLs carry.
 * <p>
 * The values are normalised so that two spellings of one database give the same tags: the host is lower case,
 * and a URL without a port gets its system's default port (PostgreSQL 5432, MySQL and MariaDB 3306, SQL Server
 * 1433 unless a named instance is given, Oracle 1521, Db2 50000). A URL listing several hosts (failover,
 * load balancing: {@code jdbc:postgresql://pg1:5432,pg2:5432/orders}) reports its <em>first</em> host and that
 * host's port. Oracle's thin and OCI URLs are understood in their EZConnect forms ({@code @//host:port/service},
 * {@code @host:port/service}), the SID form ({@code @host:port:SID}) and the descriptor form
 * ({@code @(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=p))(CONNECT_DATA=(SERVICE_NAME=s)))}, first
 * address); a TNS alias ({@code @orders}) names no host and gives empty host, port and database.
 *
 * @param system the database system ({@code postgresql}, {@code h2}, ...)
 * @param host the host (the first one of a multi-host URL), {@code in-process} for embedded databases, empty
 * when unknown
 * @param port the port, the system's default when the URL has none, empty when neither is known
 * @param database the database name (Oracle: service name or SID), empty when unknown
 */
record JdbcUrl(String system, String host, String port, String database) {

	/** Default ports of the systems whose URLs may leave the port out. */
	private static final Map<String, String> DEFAULT_PORTS = Map.of("postgresql", "5432", "mysql", "3306", "mariadb",
			"3306", "sqlserver", "1433", "oracle", "1521", "db2", "50000");

	/** {@code jdbc:system[:subprotocol...]://authority[/database][?;options]}. */
	private static final Pattern NETWORK = Pattern.compile("jdbc:([a-z0-9]+)(?::[a-z0-9]+)*://(.*)",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	/** One host entry: {@code [ipv6]:port} or {@code host:port}. */
	private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]+\\]|[^:]+)(?::(\\d+))?");

	/** MySQL's key-value host entries: {@code (host=h,port=p)} and {@code address=(host=h)(port=p)}. */
	private static final Pattern KEY_VALUE_HOST = Pattern.compile("(?i)host=([^,)]+)");

	private static final Pattern KEY_VALUE_PORT = Pattern.compile("(?i)port=(\\d+)");

	private static final Pattern DATABASE_NAME = Pattern.compile("(?i)databaseName=([^;]+)");

	/** Oracle: {@code jdbc:oracle:thin:[user/password]@...}, also OCI and KPRB drivers. */
	private static final Pattern ORACLE = Pattern.compile("jdbc:oracle:[a-z0-9]+:[^@]*@\\s*(.*)",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	/** Oracle EZConnect and SID forms: {@code [tcp[s]:]//host[:port][/service]} or {@code host:port:SID}. */
	private static final Pattern ORACLE_EZCONNECT = Pattern.compile(
			"(?:(?:tcps?:)?//)?(\\[[^\\]]+\\]|[^:/?]+)(?::(\\d+))?(?:[/:]([^?:/]+))?(?:[?:/].*)?",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern ORACLE_DESCRIPTOR_HOST = Pattern.compile("(?i)\\(\\s*HOST\\s*=\\s*([^)\\s]+)\\s*\\)");

	private static final Pattern ORACLE_DESCRIPTOR_PORT = Pattern.compile("(?i)\\(\\s*PORT\\s*=\\s*(\\d+)\\s*\\)");

	private static final Pattern ORACLE_DESCRIPTOR_SERVICE = Pattern
		.compile("(?i)\\(\\s*(?:SERVICE_NAME|SID)\\s*=\\s*([^)\\s]+)\\s*\\)");

	static JdbcUrl parse(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:hsqldb:mem:")
				|| lower.startsWith("jdbc:derby:memory:")) {
			String rest = url.substring(lower.indexOf(":mem") + 1);
			String name = rest.substring(rest.indexOf(':') + 1);
			return new JdbcUrl(system(lower), "in-process", "", stripOptions(name));
		}
		Matcher oracle = ORACLE.matcher(url);
		if (oracle.matches()) {
			return oracle(oracle.group(1).trim());
		}
		Matcher matcher = NETWORK.matcher(url);
		if (matcher.matches()) {
			return network(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
		}
		if (lower.startsWith("jdbc:h2:")) {
			String path = url.substring("jdbc:h2:".length());
			path = path.startsWith("file:") ? path.substring("file:".length()) : path;
			return new JdbcUrl("h2", "in-process", "", stripOptions(path));
		}
		return new JdbcUrl(system(lower), "", "", "");
	}

	/** {@code rest}: what follows {@code ://}, that is {@code [credentials@]hosts[/database][?;options]}. */
	private static JdbcUrl network(String system, String rest) {
		int authorityEnd = indexOfAny(rest, "/;?", 0);
		String authority = rest.substring(0, authorityEnd);
		int at = authority.lastIndexOf('@');
		if (at >= 0) {
			authority = authority.substring(at + 1);
		}
		String host;
		String port;
		String first = firstHost(authority);
		Matcher keyValueHost = KEY_VALUE_HOST.matcher(first);
		if (keyValueHost.find()) {
			host = keyValueHost.group(1).trim();
			Matcher keyValuePort = KEY_VALUE_PORT.matcher(first);
			port = keyValuePort.find() ? keyValuePort.group(1) : "";
		}
		else {
			Matcher hostPort = HOST_PORT.matcher(first);
			if (first.isEmpty() || !hostPort.matches()) {
				return new JdbcUrl(system, "", "", "");
			}
			host = hostPort.group(1);
			port = (hostPort.group(2) != null) ? hostPort.group(2) : "";
		}
		String database = "";
		if (authorityEnd < rest.length() && rest.charAt(authorityEnd) == '/') {
			database = stripOptions(rest.substring(authorityEnd + 1));
			database = database.contains("=") ? "" : database;
		}
		Matcher named = DATABASE_NAME.matcher(rest);
		if (database.isEmpty() && named.find()) {
			database = named.group(1);
		}
		// A SQL Server named instance (host\instance) listens on a dynamic port, not on 1433.
		boolean namedInstance = system.equals("sqlserver") && host.contains("\\");
		return new JdbcUrl(system, host.toLowerCase(Locale.ROOT), withDefault(system, port, !namedInstance), database);
	}

	/**
	 * The first entry of a host list. MySQL's key-value entries ({@code (host=a,port=1)}) contain commas
	 * themselves, so the list is split at top-level commas only.
	 */
	private static String firstHost(String authority) {
		int depth = 0;
		for (int i = 0; i < authority.length(); i++) {
			char c = authority.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				return authority.substring(0, i).trim();
			}
		}
		return authority.trim();
	}

	/** {@code rest}: what follows the {@code @} of an Oracle URL. */
	private static JdbcUrl oracle(String rest) {
		if (rest.startsWith("(")) {
			Matcher host = ORACLE_DESCRIPTOR_HOST.matcher(rest);
			if (!host.find()) {
				return new JdbcUrl("oracle", "", "", "");
			}
			// The port of the first address: the first PORT after its HOST, or the one just before it.
			Matcher port = ORACLE_DESCRIPTOR_PORT.matcher(rest);
			String portValue = "";
			int addressStart = rest.toUpperCase(Locale.ROOT).lastIndexOf("(ADDRESS", host.start());
			if (port.find(Math.max(addressStart, 0))) {
				portValue = port.group(1);
			}
			Matcher service = ORACLE_DESCRIPTOR_SERVICE.matcher(rest);
			return new JdbcUrl("oracle", host.group(1).toLowerCase(Locale.ROOT), withDefault("oracle", portValue, true),
					service.find() ? service.group(1) : "");
		}
		Matcher ez = ORACLE_EZCONNECT.matcher(rest);
		boolean alias = !rest.contains("/") && !rest.contains(":");
		if (alias || !ez.matches()) {
			// A TNS alias (@orders) is resolved through tnsnames.ora: no host is known here.
			return new JdbcUrl("oracle", "", "", "");
		}
		return new JdbcUrl("oracle", ez.group(1).toLowerCase(Locale.ROOT),
				withDefault("oracle", (ez.group(2) != null) ? ez.group(2) : "", true),
				(ez.group(3) != null) ? ez.group(3) : "");
	}

	private static String withDefault(String system, String port, boolean applies) {
		return (port.isEmpty() && applies) ? DEFAULT_PORTS.getOrDefault(system, "") : port;
	}

	private static int indexOfAny(String value, String chars, int from) {
		for (int i = from; i < value.length(); i++) {
			if (chars.indexOf(value.charAt(i)) >= 0) {
				return i;
			}
		}
		return value.length();
	}

	private static String system(String lowerUrl) {
		String[] parts = lowerUrl.split(":");
		return (parts.length > 1) ? parts[1] : "unknown";
	}

	private static String stripOptions(String value) {
		return value.substring(0, indexOfAny(value, ";?", 0));
	}

}
