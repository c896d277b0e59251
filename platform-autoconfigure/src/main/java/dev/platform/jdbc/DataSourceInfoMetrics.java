package dev.platform.jdbc;

import java.sql.SQLException;
import java.util.Arrays;
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
			"com.zaxxer.hikari.HikariDataSource,jdbcUrl",
			"org.springframework.jdbc.datasource.AbstractDriverBasedDataSource,url",
			"org.apache.tomcat.jdbc.pool.DataSourceProxy,url",
			"org.apache.commons.dbcp2.BasicDataSource,url",
			"oracle.ucp.jdbc.PoolDataSource,URL",
			"org.h2.jdbcx.JdbcDataSource,URL",
			"org.postgresql.ds.common.BaseDataSource,url");

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
			Object pool = unwrap(dataSource, candidate.type());
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

	/** A pool type on the class path and the bean property that holds its URL. */
	private record UrlProperty(Class<?> type, String property) {

		/** The candidates, given as {@code type name, property} pairs, whose type is on the class path. */
		static List<UrlProperty> present(String... typeAndProperty) {
			ClassLoader classLoader = DataSourceInfoMetrics.class.getClassLoader();
			return Arrays.stream(typeAndProperty)
				.map((pair) -> pair.split(",", 2))
				.filter((pair) -> ClassUtils.isPresent(pair[0], classLoader))
				.map((pair) -> new UrlProperty(ClassUtils.resolveClassName(pair[0], classLoader), pair[1]))
				.toList();
		}

	}

}
