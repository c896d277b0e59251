package dev.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the trace id response header and problem bodies.
 */
@ConfigurationProperties("platform.web")
public class PlatformWebProperties {

	/**
	 * Response header that carries the trace id of every request. Empty (or blank) to send none.
	 */
	private String traceIdHeader = "X-Trace-Id";

	public String getTraceIdHeader() {
		return this.traceIdHeader;
	}

	public void setTraceIdHeader(String traceIdHeader) {
		this.traceIdHeader = traceIdHeader;
	}

}
