package dev.platform.jdbc;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every DataSource so connections and queries are observed (and so traced). Query parameter values
 * are never recorded: they may hold personal data.
 */
class JdbcObservationPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	JdbcObservationPostProcessor(ObjectProvider<ObservationRegistry> observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
			DataSourceObservationListener listener = new DataSourceObservationListener(
					() -> this.observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
			listener.setIncludeParameterValues(false);
			return ProxyDataSourceBuilder.create(dataSource).name(beanName).listener(listener).methodListener(listener)
				.build();
		}
		return bean;
	}

}
