package dev.platform.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Attaches the OpenTelemetry Logback appender to the root logger once the SDK exists, so log events are
 * also exported over OTLP with the trace and span ids of the span that was current when they were logged.
 */
class OtlpLogAppenderInstaller implements SmartInitializingSingleton, DisposableBean {

	static final String APPENDER_NAME = "PLATFORM_OTLP";

	private final OpenTelemetry openTelemetry;

	OtlpLogAppenderInstaller(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(APPENDER_NAME) == null) {
			OpenTelemetryAppender appender = new OpenTelemetryAppender();
			appender.setName(APPENDER_NAME);
			appender.setContext(context);
			appender.setCaptureMdcAttributes("*");
			appender.setCaptureKeyValuePairAttributes(true);
			appender.start();
			root.addAppender(appender);
		}
		OpenTelemetryAppender.install(this.openTelemetry);
	}

	@Override
	public void destroy() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
			if (root.getAppender(APPENDER_NAME) != null) {
				root.detachAppender(APPENDER_NAME);
			}
		}
	}

}
