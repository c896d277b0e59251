package dev.platform.logging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpLogExportAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OtlpLogExportAutoConfiguration.class))
		.withBean(OpenTelemetry.class, OpenTelemetry::noop);

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(OtlpLogAppenderInstaller.class));
	}

	@Test
	void installsTheAppenderWhenEnabledAndRemovesItOnClose() {
		this.runner.withPropertyValues("platform.logging.otlp.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(OtlpLogAppenderInstaller.class);
			assertThat(rootAppender()).isInstanceOf(OpenTelemetryAppender.class);
		});
		assertThat(rootAppender()).isNull();
	}

	@Test
	void doesNothingWithoutTheAppenderLibrary() {
		this.runner.withPropertyValues("platform.logging.otlp.enabled=true")
			.withClassLoader(new FilteredClassLoader(OpenTelemetryAppender.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OtlpLogAppenderInstaller.class));
	}

	static Object rootAppender() {
		ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory
			.getILoggerFactory();
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(OtlpLogAppenderInstaller.APPENDER_NAME);
	}

}
