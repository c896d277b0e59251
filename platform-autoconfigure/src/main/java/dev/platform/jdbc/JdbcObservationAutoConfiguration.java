package dev.platform.jdbc;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.ConnectionTracingObservationHandler;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import net.ttddyy.observation.tracing.QueryTracingObservationHandler;
import net.ttddyy.observation.tracing.ResultSetTracingObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * JDBC spans through datasource-micrometer, when it is on the classpath (an optional dependency).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ DataSource.class, DataSourceObservationListener.class, ProxyDataSourceBuilder.class,
		ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "platform.jdbc.observation.enabled", matchIfMissing = true)
public final class JdbcObservationAutoConfiguration {

	/** Before Micrometer Tracing's catch-all handler, so JDBC spans get their database attributes. */
	static final int HANDLER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	@Bean
	static JdbcObservationPostProcessor jdbcObservationPostProcessor(
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new JdbcObservationPostProcessor(observationRegistry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean(Tracer.class)
	static class TracingHandlers {

		@Bean
		@Order(HANDLER_ORDER)
		@ConditionalOnMissingBean
		ConnectionTracingObservationHandler connectionTracingObservationHandler(Tracer tracer) {
			return new ConnectionTracingObservationHandler(tracer);
		}

		@Bean
		@Order(HANDLER_ORDER)
		@ConditionalOnMissingBean
		QueryTracingObservationHandler queryTracingObservationHandler(Tracer tracer) {
			return new QueryTracingObservationHandler(tracer);
		}

		@Bean
		@Order(HANDLER_ORDER)
		@ConditionalOnMissingBean
		ResultSetTracingObservationHandler resultSetTracingObservationHandler(Tracer tracer) {
			return new ResultSetTracingObservationHandler(tracer);
		}

	}

}
