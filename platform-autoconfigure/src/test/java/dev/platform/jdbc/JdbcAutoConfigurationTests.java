package dev.platform.jdbc;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC spans ({@link JdbcObservationAutoConfiguration}) and the datasource info gauge
 * ({@link DataSourceInfoMetricsAutoConfiguration}).
 */
class JdbcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcObservationAutoConfiguration.class, DataSourceInfoMetricsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, ObservationRegistry::create)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:jdbc-autoconfig");

	@Test
	void wrapsTheDataSourceSoQueriesAreObserved() {
		this.runner.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(ProxyDataSource.class));
	}

	@Test
	void publishesTheDatabaseTheDataSourcePointsAt() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(DataSourceInfoMetrics.class).bindTo(registry);
			assertThat(registry.get("platform.datasource.info").tag("database", "jdbc-autoconfig")
				.tag("db_system", "h2").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void readsTheUrlOfOtherDataSourcesWithoutConnecting() {
		// A host that does not resolve: a connection attempt would fail and leave the tags "unknown".
		SimpleDriverDataSource plain = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:postgresql://db.invalid:5433/orders");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JdbcObservationAutoConfiguration.class,
					DataSourceInfoMetricsAutoConfiguration.class))
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withBean("ordersDataSource", DataSource.class, () -> plain)
			.run((context) -> {
				assertThat(context.getBean(DataSource.class)).isInstanceOf(ProxyDataSource.class);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(DataSourceInfoMetrics.class).bindTo(registry);
				assertThat(registry.get("platform.datasource.info")
					.tag("db_system", "postgresql")
					.tag("host", "db.invalid")
					.tag("port", "5433")
					.tag("database", "orders")
					.gauge()
					.value()).isEqualTo(1);
			});
	}

	@Test
	void unknownDataSourcesAreNeverAskedForAConnection() {
		DataSource unknown = new AbstractDataSource() {

			@Override
			public Connection getConnection() {
				throw new AssertionError("no connection expected");
			}

			@Override
			public Connection getConnection(String username, String password) {
				throw new AssertionError("no connection expected");
			}

		};
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new DataSourceInfoMetrics(Map.of("other", unknown)).bindTo(registry);
		assertThat(registry.get("platform.datasource.info").tag("db_system", "unknown").gauge().value()).isEqualTo(1);
	}

	@Test
	void switchedOffByProperties() {
		this.runner.withPropertyValues("platform.jdbc.observation.enabled=false", "platform.jdbc.info-metrics.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ProxyDataSource.class);
				assertThat(context).doesNotHaveBean(DataSourceInfoMetrics.class);
			});
	}

	@Test
	void doesNotWrapWithoutDatasourceMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSourceObservationListener.class))
			.run((context) -> assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ProxyDataSource.class));
	}

	@Test
	void noGaugeWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceInfoMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DataSourceInfoMetrics.class));
	}

}
