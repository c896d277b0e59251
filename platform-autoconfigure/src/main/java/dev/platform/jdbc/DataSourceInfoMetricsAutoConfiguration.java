package dev.platform.jdbc;

import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code platform.datasource.info} gauge for every DataSource.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, MeterRegistry.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "platform.jdbc.info-metrics.enabled", matchIfMissing = true)
public final class DataSourceInfoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DataSourceInfoMetrics platformDataSourceInfoMetrics(Map<String, DataSource> dataSources) {
		return new DataSourceInfoMetrics(dataSources);
	}

}
