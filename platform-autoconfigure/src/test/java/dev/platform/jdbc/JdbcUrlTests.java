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
		assertThat(JdbcUrl.parse("jdbc:postgresql://localhost/payments"))
			.isEqualTo(new JdbcUrl("postgresql", "localhost", "", "payments"));
		assertThat(JdbcUrl.parse("jdbc:sqlserver://sql:1433;databaseName=billing;encrypt=true"))
			.isEqualTo(new JdbcUrl("sqlserver", "sql", "1433", "billing"));
	}

	@Test
	void embeddedDatabasesAreInProcess() {
		assertThat(JdbcUrl.parse("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1"))
			.isEqualTo(new JdbcUrl("h2", "in-process", "", "orders"));
		assertThat(JdbcUrl.parse("jdbc:h2:file:./data/users")).isEqualTo(new JdbcUrl("h2", "in-process", "", "./data/users"));
	}

	@Test
	void unknownShapesGiveWhatIsKnown() {
		assertThat(JdbcUrl.parse("jdbc:oracle:thin:@//ora:1521/XE").system()).isEqualTo("oracle");
		assertThat(JdbcUrl.parse("not-a-url").system()).isEqualTo("unknown");
	}

}
