package dev.platform.demo.users;

import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

/** An H2 database with the service's own migrations of the login throttle's table, for its unit tests. */
final class LoginFailuresDatabase {

	private LoginFailuresDatabase() {
	}

	static EmbeddedDatabase create() {
		return new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("db/users/V2__login_failures.sql")
			.addScript("db/users/V3__login_failures_key.sql")
			.build();
	}

}
