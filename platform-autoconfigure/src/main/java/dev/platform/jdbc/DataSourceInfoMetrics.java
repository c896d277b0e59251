package dev.platform.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * {@code platform_datasource_info{datasource, db_system, host, port, database} 1} per DataSource: which
 * database a service talks to, never with credentials. Two services reporting the same host, port and
 * database share a database, the anti-pattern the stack's alert looks for.
 */
class DataSourceInfoMetrics implements MeterBinder {

	/** Where pools and plain DataSources keep their URL; the types not on the class path are left out. */
	private static final List<UrlProperty> URL_PROPERTIES = UrlProperty.present(
			new UrlProperty("com.zaxxer.hikari.HikariDataSource", "jdbcUrl"),
			new UrlProperty("org.springframework.jdbc.datasource.AbstractDriverBasedDataSource", "url"),
			new UrlProperty("org.apache.tomcat.jdbc.pool.DataSourceProxy", "url"),
			new UrlProperty("org.apache.commons.dbcp2.BasicDataSource", "url"),
			new UrlProperty("oracle.ucp.jdbc.PoolDataSource", "URL"),
			new UrlProperty("org.h2.jdbcx.JdbcDataSource", "URL"),
			new UrlProperty("org.postgresql.ds.common.BaseDataSource", "url"));

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

	/**
	 * The URL from the pool's own configuration, never from a connection: opening one here would initialise a
	 * pool at startup and wait for a database that may be down. Pools the starter does not know give "unknown".
	 */
	private static @Nullable String url(DataSource dataSource) {
		for (UrlProperty candidate : URL_PROPERTIES) {
			Object pool = unwrap(dataSource, ClassUtils.resolveClassName(candidate.typeName(),
					DataSourceInfoMetrics.class.getClassLoader()));
			if (pool != null) {
				BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(pool);
				if (wrapper.isReadableProperty(candidate.property())
						&& wrapper.getPropertyValue(candidate.property()) instanceof String url && !url.isBlank()) {
					return url;
				}
			}
		}
		return null;
	}

	/**
	 * Boot's unwrapper sees through Spring's delegating DataSources and proxies, but asks JDBC wrappers (such as
	 * the observation's datasource-proxy) only for interfaces; pools are classes.
	 */
	private static <T> @Nullable T unwrap(DataSource dataSource, Class<T> type) {
		T unwrapped = DataSourceUnwrapper.unwrap(dataSource, type);
		if (unwrapped != null) {
			return unwrapped;
		}
		try {
			return dataSource.isWrapperFor(type) ? dataSource.unwrap(type) : null;
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	private record UrlProperty(String typeName, String property) {

		static List<UrlProperty> present(UrlProperty... candidates) {
			return java.util.Arrays.stream(candidates)
				.filter((candidate) -> ClassUtils.isPresent(candidate.typeName(),
						DataSourceInfoMetrics.class.getClassLoader()))
				.toList();
		}

	}

}
