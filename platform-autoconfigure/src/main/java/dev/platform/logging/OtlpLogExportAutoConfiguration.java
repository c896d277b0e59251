package dev.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Exports logs over OTLP when {@code platform.logging.otlp.enabled=true}. Boot builds the SDK's logger
 * provider and exporter; this installs the Logback appender that feeds them, which Boot leaves out.
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({ OpenTelemetryAppender.class, LoggerContext.class })
@ConditionalOnBooleanProperty("platform.logging.otlp.enabled")
@ConditionalOnBean(OpenTelemetry.class)
public final class OtlpLogExportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OtlpLogAppenderInstaller otlpLogAppenderInstaller(OpenTelemetry openTelemetry, Environment environment) {
		return new OtlpLogAppenderInstaller(openTelemetry, LogTextMasker.of(environment));
	}

}
