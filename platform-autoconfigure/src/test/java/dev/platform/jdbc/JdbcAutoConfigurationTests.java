package dev.platform.jdbc;

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
