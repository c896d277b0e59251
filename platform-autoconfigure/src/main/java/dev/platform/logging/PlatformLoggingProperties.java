package dev.platform.logging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Log output. Read when logging starts, before the application context, so changing them needs a restart.
 */
@ConfigurationProperties("platform.logging")
public class PlatformLoggingProperties {

	/**
	 * Whether the starter configures logging. Off, Boot's own logging configuration applies.
	 */
	private boolean enabled = true;

	/**
	 * Console format: 'json' (one object per line, for log shippers) or 'text' (a readable pattern for local
	 * work).
	 */
	private Format format = Format.JSON;

	private final Mask mask = new Mask();

	private final Async async = new Async();

	private final Otlp otlp = new Otlp();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Format getFormat() {
		return this.format;
	}

	public void setFormat(Format format) {
		this.format = format;
	}

	public Mask getMask() {
		return this.mask;
	}

	public Async getAsync() {
		return this.async;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public enum Format {

		/** One JSON object per line. */
		JSON,

		/** Boot's readable console pattern. */
		TEXT

	}

	public static class Mask {

		/**
		 * Keys whose values are masked, in JSON fields and in 'key=value' or 'key: value' text of messages.
		 */
		private List<String> keys = new ArrayList<>(List.of(LogMasking.DEFAULT_KEYS.split(",")));

		/**
		 * Whether values shaped like payment card numbers (13 to 19 digits) are masked.
		 */
		private boolean cardNumbers = true;

		public List<String> getKeys() {
			return this.keys;
		}

		public void setKeys(List<String> keys) {
			this.keys = keys;
		}

		public boolean isCardNumbers() {
			return this.cardNumbers;
		}

		public void setCardNumbers(boolean cardNumbers) {
			this.cardNumbers = cardNumbers;
		}

	}

	public static class Async {

		/**
		 * Log events held while the console is slow; when full, new events are dropped and counted in
		 * 'platform.logging.events.dropped' instead of blocking the caller. A power of two, at most 1048576.
		 */
		private int queueSize = 8192;

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

	}

	public static class Otlp {

		/**
		 * Whether log events are also exported over OTLP (the OpenTelemetry Logback appender), to the endpoint
		 * in 'management.opentelemetry.logging.export.otlp.endpoint' or OTEL_EXPORTER_OTLP_*.
		 */
		private boolean enabled;

		/**
		 * Whether each batch of log records is sent on the batch log record processor's worker thread, which waits
		 * for it anyway, instead of on a dispatcher thread of the OTLP exporter's HTTP client: one thread fewer.
		 * Applies to the OkHttp sender, the one Boot's OpenTelemetry starter brings.
		 */
		private boolean sendOnProcessorThread = true;

		private final ExportOutages exportOutages = new ExportOutages();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isSendOnProcessorThread() {
			return this.sendOnProcessorThread;
		}

		public void setSendOnProcessorThread(boolean sendOnProcessorThread) {
			this.sendOnProcessorThread = sendOnProcessorThread;
		}


		public ExportOutages getExportOutages() {
			return this.exportOutages;
		}

	}

	public static class ExportOutages {

		/**
		 * Whether the OTLP log exporters report a collector outage in one warning (and its end in one info line)
		 * instead of OpenTelemetry's error with a stack trace per failed export, and whether exports are bounded by
		 * the shutdown timeout once the application context closes.
		 */
		private boolean enabled = true;

		/**
		 * How long one log export may take once the application context closes, before it is abandoned. After an
		 * export fails at shutdown, the log records that are left are dropped instead of sent.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

}
