package dev.platform.logging;

import java.io.BufferedOutputStream;
import java.io.OutputStream;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * A console appender that buffers what it writes and leaves flushing to whoever feeds it. Behind the starter's
 * asynchronous appender (logstash-logback-encoder's disruptor appender flushes its delegates at the end of every
 * batch of events) this turns one {@code write} system call per log line into one per batch, while a lone event
 * is still written at once: a batch ends whenever the ring buffer is empty. Writes go through {@code System.out}
 * as the plain console appender's do, so output capture in tests keeps working. Stopping the appender flushes.
 */
public class BatchingConsoleAppender extends ConsoleAppender<ILoggingEvent> {

	private static final int BUFFER_SIZE = 16 * 1024;

	public BatchingConsoleAppender() {
		setImmediateFlush(false);
	}

	@Override
	public void setOutputStream(OutputStream outputStream) {
		super.setOutputStream(new BufferedOutputStream(outputStream, BUFFER_SIZE));
	}

}
