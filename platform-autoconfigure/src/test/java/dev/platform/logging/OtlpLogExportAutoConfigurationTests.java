package dev.platform.logging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import net.logstash.logback.argument.StructuredArguments;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
			assertThat(rootAppender()).isInstanceOf(MaskingOtlpAppender.class);
			assertThat(((MaskingOtlpAppender) rootAppender()).delegate()).isInstanceOf(OpenTelemetryAppender.class);
		});
		assertThat(rootAppender()).isNull();
	}

	@Test
	void exportsLogRecordsMaskedAsTheConsoleMasksThem() {
		List<LogRecordData> exported = new CopyOnWriteArrayList<>();
		SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder()
			.addLogRecordProcessor(SimpleLogRecordProcessor.create(new CollectingExporter(exported)))
			.build();
		OpenTelemetry sdk = OpenTelemetrySdk.builder().setLoggerProvider(loggerProvider).build();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OtlpLogExportAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> sdk)
			.withPropertyValues("platform.logging.otlp.enabled=true")
			.run((context) -> {
				org.slf4j.Logger logger = LoggerFactory.getLogger("otlp.masking");
				// Only to the OTLP appender: the test JVM's console would print these events asynchronously, into
				// the standard output another test may be capturing by then.
				ch.qos.logback.classic.Logger root = ((ch.qos.logback.classic.LoggerContext) LoggerFactory
					.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
				List<Appender<ILoggingEvent>> others = new ArrayList<>();
				root.iteratorForAppenders().forEachRemaining((appender) -> {
					if (!OtlpLogAppenderInstaller.APPENDER_NAME.equals(appender.getName())) {
						others.add(appender);
					}
				});
				others.forEach(root::detachAppender);
				MDC.put("token", "mdc-t0ken");
				MDC.put("order", "order 4111 1111 1111 1111");
				try {
					logger.atInfo()
						.addKeyValue("api_key", "kv-s3cret")
						.addKeyValue("note", "Authorization: Bearer abc.def.ghi")
						.addKeyValue("card", 4111111111111111L)
						.addKeyValue("attempts", 3L)
						.log("login password={} user={}", "hunter2", "bob");
					logger.info("signed in with {} as {}", StructuredArguments.value("password", "v4lue-pw"),
							StructuredArguments.kv("user", "bob"));
					logger.atError()
						.addKeyValue("request", Map.of("password", "kv-hunter2"))
						.setCause(new IllegalStateException("JDBC login failed: password=db-s3cret"))
						.log("failed");
				}
				finally {
					MDC.remove("token");
					MDC.remove("order");
					others.forEach(root::addAppender);
				}
			});
		LogRecordData record = exported.stream()
			.filter((data) -> "otlp.masking".equals(data.getInstrumentationScopeInfo().getName()))
			.filter((data) -> data.getBodyValue().asString().startsWith("login"))
			.findFirst()
			.orElseThrow();
		String everything = record.getBodyValue().asString() + " " + record.getAttributes();
		assertThat(everything).contains("login password=**** user=bob", "Authorization: ****", "token=\"****\"")
			.doesNotContain("hunter2", "mdc-t0ken", "4111 1111 1111 1111", "kv-s3cret", "abc.def.ghi",
					"4111111111111111");
		// Numbers that are no card stay numbers.
		assertThat(record.getAttributes().asMap().entrySet()).anySatisfy((entry) -> {
			assertThat(entry.getKey().getKey()).isEqualTo("attempts");
			assertThat(entry.getValue()).isEqualTo(3L);
		});
		// A structured argument under a sensitive key, shown bare in the message.
		assertThat(exported).anySatisfy((data) -> assertThat(data.getBodyValue().asString())
			.isEqualTo("signed in with **** as user=bob"));
		assertThat(exported.toString()).doesNotContain("v4lue-pw");
		LogRecordData failure = exported.stream()
			.filter((data) -> "failed".equals(data.getBodyValue().asString()))
			.findFirst()
			.orElseThrow();
		String failureText = failure.getAttributes().toString();
		assertThat(failureText).contains("exception.type=\"java.lang.IllegalStateException\"",
				"JDBC login failed: password=****", "exception.stacktrace")
			.doesNotContain("db-s3cret", "kv-hunter2");
	}

	private record CollectingExporter(List<LogRecordData> exported) implements LogRecordExporter {

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.exported.addAll(logs);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

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
