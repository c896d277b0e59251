package dev.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import net.logstash.logback.appender.AsyncDisruptorAppender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes how many log events the non-blocking appender had to drop.
 */
@AutoConfiguration
@ConditionalOnClass({ MeterRegistry.class, LoggerContext.class, AsyncDisruptorAppender.class })
@EnableConfigurationProperties(PlatformLoggingProperties.class)
public final class LoggingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncLogMetrics platformAsyncLogMetrics() {
		return new AsyncLogMetrics();
	}

}
