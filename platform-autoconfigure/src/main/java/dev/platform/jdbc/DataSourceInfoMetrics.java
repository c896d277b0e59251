package dev.platform.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * {@code platform_datasource_info{datasource, db_system, host, port, database} 1} per DataSource: which
 * database a service talks to, never with credentials. Two services reporting the same host, port and
 * database share a database, the anti-pattern the stack's alert looks for.
 */
class DataSourceInfoMetrics implements MeterBinder {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DataSourceInfoMetrics.class.getClassLoader());

	private final Map<String, DataSource> dataSources;

	DataSourceInfoMetrics(Map<String, DataSource> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSources.forEach((name, dataSource) -> {
			String url = url(dataSource);
			JdbcUrl parsed = (url != null) ? JdbcUrl.parse(url) : new JdbcUrl("unknown", "", "", "");
			Gauge.builder("platform.datasource.info", () -> 1)
				.description("The database a DataSource points at")
				.tag("datasource", name)
				.tag("db_system", parsed.system())
				.tag("host", parsed.host())
				.tag("port", parsed.port())
				.tag("database", parsed.database())
				.register(registry);
		});
	}

	private static @Nullable String url(DataSource dataSource) {
		if (HIKARI_PRESENT) {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
			if (hikari != null && hikari.getJdbcUrl() != null) {
				return hikari.getJdbcUrl();
			}
		}
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getURL();
		}
		catch (SQLException | RuntimeException ex) {
			// The database may be down at startup; the gauge then says "unknown" rather than failing startup.
			return null;
		}
	}

}
