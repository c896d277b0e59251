package dev.platform.metrics;

import dev.platform.identity.ServiceIdentity;
import dev.platform.identity.ServiceIdentityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code platform.build.info} gauge.
 */
@AutoConfiguration(after = ServiceIdentityAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "platform.metrics.build-info.enabled", matchIfMissing = true)
public final class BuildInfoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BuildInfoMetrics platformBuildInfoMetrics(ServiceIdentity identity) {
		return new BuildInfoMetrics(identity);
	}

}
