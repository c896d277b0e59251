package dev.platform.metrics;

import dev.platform.identity.ServiceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class BuildInfoMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BuildInfoMetricsAutoConfiguration.class))
		.withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders", "1.4.0", "prod", "i-1"));

	@Test
	void publishesOneBuildInfoSeriesWithServiceAndStarterVersions() {
		this.runner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(BuildInfoMetrics.class).bindTo(registry);
			assertThat(registry.get("platform.build.info").tag("version", "1.4.0").gauge().value()).isEqualTo(1);
			assertThat(registry.get("platform.build.info").gauge().getId().getTag("starter_version"))
				.isNotEqualTo("unknown");
		});
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("platform.metrics.build-info.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BuildInfoMetrics.class));
	}

	@Test
	void doesNothingWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BuildInfoMetrics.class));
	}

}
