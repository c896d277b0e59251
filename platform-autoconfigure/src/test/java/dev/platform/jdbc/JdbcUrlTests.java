package dev.platform.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlTests {

	@Test
	void parsesNetworkUrlsWithoutCredentials() {
		assertThat(JdbcUrl.parse("jdbc:postgresql://db.internal:5433/orders?user=orders&password=secret"))
			.isEqualTo(new JdbcUrl("postgresql", "db.internal", "5433", "orders"));
		assertThat(JdbcUrl.parse("jdbc:mysql://admin:pw@mysql:3306/shop"))
			.isEqualTo(new JdbcUrl("mysql", "mysql", "3306", "shop"));
		assertThat(JdbcUrl.parse("jdbc:sqlserver://sql:1433;databaseName=billing;encrypt=true"))
			.isEqualTo(new JdbcUrl("sqlserver", "sql", "1433", "billing"));
		assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:5433/orders"))
			.isEqualTo(new JdbcUrl("postgresql", "[::1]", "5433", "orders"));
		assertThat(JdbcUrl.parse("jdbc:postgresql://DB.Internal/orders").host()).isEqualTo("db.internal");
	}

	// The tags the shared-database alert groups on (host, port, database) must identify a database, so both
	// spellings of one database give the same tags.
	@Test
	void defaultPortIsMadeExplicitSoBothSpellingsOfOneDatabaseMatch() {
		assertThat(JdbcUrl.parse("jdbc:postgresql://postgres/orders"))
			.isEqualTo(JdbcUrl.parse("jdbc:postgresql://postgres:5432/orders"))
			.isEqualTo(new JdbcUrl("postgresql", "postgres", "5432", "orders"));
		assertThat(JdbcUrl.parse("jdbc:mysql://mysql/shop")).isEqualTo(new JdbcUrl("mysql", "mysql", "3306", "shop"));
		assertThat(JdbcUrl.parse("jdbc:mariadb://maria/shop"))
			.isEqualTo(new JdbcUrl("mariadb", "maria", "3306", "shop"));
		assertThat(JdbcUrl.parse("jdbc:sqlserver://sql;databaseName=billing"))
			.isEqualTo(new JdbcUrl("sqlserver", "sql", "1433", "billing"));
		assertThat(JdbcUrl.parse("jdbc:db2://db2host/SAMPLE")).isEqualTo(new JdbcUrl("db2", "db2host", "50000", "SAMPLE"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@//ora/ORDERS"))
			.isEqualTo(new JdbcUrl("oracle", "ora", "1521", "ORDERS"));
	}

	@Test
	void noDefaultPortWhereNoneIsKnown() {
		// A SQL Server named instance listens on a dynamic port.
		assertThat(JdbcUrl.parse("jdbc:sqlserver://sql\\REPORTING;databaseName=billing"))
			.isEqualTo(new JdbcUrl("sqlserver", "sql\\reporting", "", "billing"));
		assertThat(JdbcUrl.parse("jdbc:h2:tcp://h2server/~/orders"))
			.isEqualTo(new JdbcUrl("h2", "h2server", "", "~/orders"));
	}

	@Test
	void multiHostUrlsReportTheFirstHostAndKeepTheDatabase() {
		assertThat(JdbcUrl.parse("jdbc:postgresql://pg1:5432,pg2:5432/orders").database()).isEqualTo("orders");
		assertThat(JdbcUrl.parse("jdbc:postgresql://pg1:5433,pg2:5432/orders?targetServerType=primary"))
			.isEqualTo(new JdbcUrl("postgresql", "pg1", "5433", "orders"));
		assertThat(JdbcUrl.parse("jdbc:postgresql://pg1,pg2/orders"))
			.isEqualTo(new JdbcUrl("postgresql", "pg1", "5432", "orders"));
		assertThat(JdbcUrl.parse("jdbc:mysql:replication://user:pw@db1:3307,db2/shop"))
			.isEqualTo(new JdbcUrl("mysql", "db1", "3307", "shop"));
		assertThat(JdbcUrl.parse("jdbc:mysql://(host=db1,port=3307),(host=db2,port=3306)/shop"))
			.isEqualTo(new JdbcUrl("mysql", "db1", "3307", "shop"));
		assertThat(JdbcUrl.parse("jdbc:mysql://address=(host=db1)(port=3308),address=(host=db2)/shop"))
			.isEqualTo(new JdbcUrl("mysql", "db1", "3308", "shop"));
	}

	@Test
	void oracleThinUrlsNameTheirHostAndService() {
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@//ora-orders:1521/ORDERS"))
			.isEqualTo(new JdbcUrl("oracle", "ora-orders", "1521", "ORDERS"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:scott/tiger@//Ora-Orders:1522/orders.example.com?connect_timeout=5"))
			.isEqualTo(new JdbcUrl("oracle", "ora-orders", "1522", "orders.example.com"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@ora-orders:1521/ORDERS"))
			.isEqualTo(new JdbcUrl("oracle", "ora-orders", "1521", "ORDERS"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@tcps://ora-orders:2484/ORDERS"))
			.isEqualTo(new JdbcUrl("oracle", "ora-orders", "2484", "ORDERS"));
	}

	@Test
	void oracleSidUrls() {
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@ora-orders:1521:ORCL"))
			.isEqualTo(new JdbcUrl("oracle", "ora-orders", "1521", "ORCL"));
	}

	@Test
	void oracleDescriptorUrlsReportTheFirstAddress() {
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora1)(PORT=1522))"
				+ "(CONNECT_DATA=(SERVICE_NAME=orders)))"))
			.isEqualTo(new JdbcUrl("oracle", "ora1", "1522", "orders"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@(description = (address_list = "
				+ "(address = (protocol = tcp)(port = 1523)(host = Ora1)) (address = (protocol = tcp)(host = ora2)(port = 1524)))"
				+ " (connect_data = (sid = ORCL)))"))
			.isEqualTo(new JdbcUrl("oracle", "ora1", "1523", "ORCL"));
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora1))"
				+ "(CONNECT_DATA=(SERVICE_NAME=orders)))"))
			.isEqualTo(new JdbcUrl("oracle", "ora1", "1521", "orders"));
	}

	@Test
	void oracleTnsAliasNamesNoHost() {
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@orders")).isEqualTo(new JdbcUrl("oracle", "", "", ""));
	}

	@Test
	void embeddedDatabasesAreInProcess() {
		assertThat(JdbcUrl.parse("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1"))
			.isEqualTo(new JdbcUrl("h2", "in-process", "", "orders"));
		assertThat(JdbcUrl.parse("jdbc:h2:file:./data/users")).isEqualTo(new JdbcUrl("h2", "in-process", "", "./data/users"));
	}

	@Test
	void unknownShapesGiveWhatIsKnown() {
		assertThat(JdbcUrl.parse("jdbc:oracle:oci8:orders")).isEqualTo(new JdbcUrl("oracle", "", "", ""));
		assertThat(JdbcUrl.parse("jdbc:sqlserver://;serverName=sql;databaseName=billing").host()).isEmpty();
		assertThat(JdbcUrl.parse("not-a-url").system()).isEqualTo("unknown");
	}

}
