package dev.platform.logging;

import io.micrometer.core.instrument.MeterRegistry;
import net.logstash.logback.appender.AsyncDisruptorAppender;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoggingMetricsAutoConfiguration.class));

	@Test
	void countsDroppedLogEvents() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AsyncLogMetrics.class));
	}

	@Test
	void backsOffWhenUserDefinesTheBinder() {
		AsyncLogMetrics own = new AsyncLogMetrics();
		this.runner.withBean(AsyncLogMetrics.class, () -> own)
			.run((context) -> assertThat(context.getBean(AsyncLogMetrics.class)).isSameAs(own));
	}

	@Test
	void doesNothingWithoutLogstashEncoderOrMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(AsyncDisruptorAppender.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLogMetrics.class));
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncLogMetrics.class));
	}

}
