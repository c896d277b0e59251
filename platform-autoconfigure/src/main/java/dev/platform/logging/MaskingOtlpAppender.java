package dev.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

/**
 * The OpenTelemetry Logback appender behind the console's masking: it receives each event as
 * {@link MaskedLoggingEvent}, on the logging thread, so the span that is current there still becomes the log
 * record's trace context.
 */
final class MaskingOtlpAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final OpenTelemetryAppender delegate;

	private final LogTextMasker masker;

	MaskingOtlpAppender(OpenTelemetryAppender delegate, LogTextMasker masker) {
		this.delegate = delegate;
		this.masker = masker;
	}

	OpenTelemetryAppender delegate() {
		return this.delegate;
	}

	@Override
	public void start() {
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		super.stop();
		this.delegate.stop();
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.delegate.doAppend(new MaskedLoggingEvent(event, this.masker));
	}

}
