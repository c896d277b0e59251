package dev.platform.logging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class UnexportedLogsImportFilterTests {

	private static final String[] CANDIDATES = { "com.example.SomeAutoConfiguration",
			UnexportedLogsImportFilter.LOGS_SDK_AUTO_CONFIGURATION };

	@Test
	void leavesOutOnlyTheLogsSdkWhenNoLogIsExported() {
		assertThat(match(new MockEnvironment())).containsExactly(true, false);
		assertThat(match(new MockEnvironment().withProperty("platform.logging.otlp.enabled", "false")))
			.containsExactly(true, false);
	}

	@Test
	void keepsTheLogsSdkWhenTheStarterExportsLogs() {
		assertThat(match(new MockEnvironment().withProperty("platform.logging.otlp.enabled", "true")))
			.containsExactly(true, true);
	}

	@Test
	void aLogsEndpointAloneFeedsNothingSoTheSdkStaysOut() {
		// OTEL_EXPORTER_OTLP_ENDPOINT sets it for every signal; without the starter's appender no log reaches it.
		assertThat(match(new MockEnvironment().withProperty("management.opentelemetry.logging.export.otlp.endpoint",
				"http://localhost:4318/v1/logs")))
			.containsExactly(true, false);
	}

	@Test
	void anApplicationWithoutLogExportHasNoIdleLogProcessor() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBeansOfType(BatchLogRecordProcessor.class)).isEmpty();
			assertThat(context.getBeansOfType(SdkLoggerProvider.class)).isEmpty();
			assertThat(context.getBean(OpenTelemetry.class)).isNotNull();
		}
	}

	@Test
	void anApplicationExportingLogsKeepsTheLogsSdk() {
		try (ConfigurableApplicationContext context = run("--platform.logging.otlp.enabled=true")) {
			assertThat(context.getBeansOfType(BatchLogRecordProcessor.class)).hasSize(1);
		}
	}

	private static boolean[] match(MockEnvironment environment) {
		UnexportedLogsImportFilter filter = new UnexportedLogsImportFilter();
		filter.setEnvironment(environment);
		return filter.match(CANDIDATES, null);
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(LogsSdkConfiguration.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=filter-test", "platform.logging.enabled=false")
			.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryLoggingAutoConfiguration.class })
	static class LogsSdkConfiguration {

	}

}
