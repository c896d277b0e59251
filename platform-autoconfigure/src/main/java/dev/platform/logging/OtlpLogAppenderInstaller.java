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
 * also exported over OTLP with the trace and span ids of the span that was current when they were logged, masked
 * as the JSON console masks them ({@code platform.logging.mask.*}).
 */
class OtlpLogAppenderInstaller implements SmartInitializingSingleton, DisposableBean {

	static final String APPENDER_NAME = "PLATFORM_OTLP";

	private final OpenTelemetry openTelemetry;

	private final LogTextMasker masker;

	OtlpLogAppenderInstaller(OpenTelemetry openTelemetry, LogTextMasker masker) {
		this.openTelemetry = openTelemetry;
		this.masker = masker;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(APPENDER_NAME) instanceof MaskingOtlpAppender installed) {
			installed.delegate().setOpenTelemetry(this.openTelemetry);
		}
		else {
			OpenTelemetryAppender appender = new OpenTelemetryAppender();
			appender.setName(APPENDER_NAME + "_DELEGATE");
			appender.setContext(context);
			appender.setCaptureMdcAttributes("*");
			appender.setCaptureKeyValuePairAttributes(true);
			// Masked like the console: OTLP records must not carry what the JSON lines hide.
			MaskingOtlpAppender masking = new MaskingOtlpAppender(appender, this.masker);
			masking.setName(APPENDER_NAME);
			masking.setContext(context);
			masking.start();
			root.addAppender(masking);
			// install() below reaches only the OpenTelemetry appenders attached to loggers, not this wrapped one.
			appender.setOpenTelemetry(this.openTelemetry);
		}
		// Any OpenTelemetry appender of the application's own Logback configuration.
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
