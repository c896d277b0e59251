package dev.platform.tracing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the starter adds to Boot's tracing. Sampling, propagation and the exporter stay Boot's
 * ({@code management.tracing.*}, {@code management.opentelemetry.tracing.export.*}).
 */
@ConfigurationProperties("platform.tracing")
public class PlatformTracingProperties {

	/**
	 * Whether requests to actuator endpoints (health, info, prometheus) are left out of traces and request
	 * metrics, so probes and scrapes do not drown real traffic.
	 */
	private boolean ignoreActuatorRequests = true;

	/**
	 * Whether ended spans go from the batch span processor straight to the exporters when the application has
	 * no SpanFilter, SpanExportingPredicate or SpanReporter bean, instead of through Micrometer's composite
	 * exporter, which copies every span for such beans.
	 */
	private boolean directExport = true;

	/**
	 * Whether Prometheus exemplars get the span of the observation whose meters stop handed over, instead of
	 * the span being put in scope again around stopping them (which publishes the trace ids to the MDC and back
	 * on every request). Applies while the exemplars' SpanContext is the starter's.
	 */
	private boolean exemplarHandOff = true;

	/**
	 * Whether Micrometer's baggage propagator is left out of the text map propagator while
	 * management.tracing.baggage.remote-fields is empty, when it reads and writes no header but still runs on
	 * every request and call. W3C baggage is propagated either way.
	 */
	private boolean skipIdleBaggagePropagator = true;

	private final ContextPropagation contextPropagation = new ContextPropagation();

	private final SdkMetrics sdkMetrics = new SdkMetrics();

	private final Otlp otlp = new Otlp();

	private final ExportOutages exportOutages = new ExportOutages();

	public boolean isIgnoreActuatorRequests() {
		return this.ignoreActuatorRequests;
	}

	public void setIgnoreActuatorRequests(boolean ignoreActuatorRequests) {
		this.ignoreActuatorRequests = ignoreActuatorRequests;
	}

	public boolean isDirectExport() {
		return this.directExport;
	}

	public void setDirectExport(boolean directExport) {
		this.directExport = directExport;
	}

	public boolean isExemplarHandOff() {
		return this.exemplarHandOff;
	}

	public void setExemplarHandOff(boolean exemplarHandOff) {
		this.exemplarHandOff = exemplarHandOff;
	}

	public boolean isSkipIdleBaggagePropagator() {
		return this.skipIdleBaggagePropagator;
	}

	public void setSkipIdleBaggagePropagator(boolean skipIdleBaggagePropagator) {
		this.skipIdleBaggagePropagator = skipIdleBaggagePropagator;
	}

	public ContextPropagation getContextPropagation() {
		return this.contextPropagation;
	}

	public SdkMetrics getSdkMetrics() {
		return this.sdkMetrics;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public ExportOutages getExportOutages() {
		return this.exportOutages;
	}

	public static class ContextPropagation {

		/**
		 * Whether Boot-managed executors and schedulers (and so @Async and @Scheduled work)
		 * carry the caller's trace context to their threads.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class SdkMetrics {

		/**
		 * Whether the OpenTelemetry SDK's own health (spans queued, processed, dropped, exported) is published
		 * as metrics.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Otlp {

		/**
		 * Whether the OTLP span exporter sends each batch on the batch span processor's worker thread (which
		 * waits for the send anyway) instead of on an HTTP dispatcher thread of its own: one thread fewer.
		 */
		private boolean sendOnProcessorThread = true;

		/**
		 * Whether the OTLP span exporter marshals through pooled, reused marshalers instead of an immutable copy
		 * of every batch, which is less garbage per exported span.
		 */
		private boolean reuseMemory = true;

		public boolean isReuseMemory() {
			return this.reuseMemory;
		}

		public void setReuseMemory(boolean reuseMemory) {
			this.reuseMemory = reuseMemory;
		}

		public boolean isSendOnProcessorThread() {
			return this.sendOnProcessorThread;
		}

		public void setSendOnProcessorThread(boolean sendOnProcessorThread) {
			this.sendOnProcessorThread = sendOnProcessorThread;
		}

	}

	public static class ExportOutages {

		/**
		 * Whether span exporters report a collector outage in one warning (and its end in one info line) instead
		 * of OpenTelemetry's error with a stack trace per failed export, and whether exports are bounded by the
		 * shutdown timeout once the application context closes.
		 */
		private boolean enabled = true;

		/**
		 * How long one span export may take once the application context closes, before it is abandoned (its
		 * retries end). After an export fails at shutdown, the spans that are left are dropped instead of sent.
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
