package dev.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the trace id response header and problem bodies.
 */
@ConfigurationProperties("platform.web")
public class PlatformWebProperties {

	/**
	 * Response header that carries the trace id of every request. Empty (or blank) to send none.
	 */
	private String traceIdHeader = "X-Trace-Id";

	/**
	 * Whether what reaches Boot's error page (an exception no handler caught, a request the container refused) is
	 * answered with an RFC 9457 problem body carrying the trace id instead of Boot's JSON map. Browsers asking for
	 * HTML keep Boot's page.
	 */
	private boolean problemErrors = true;

	public String getTraceIdHeader() {
		return this.traceIdHeader;
	}

	public void setTraceIdHeader(String traceIdHeader) {
		// RFC 9110's token: anything else (a space, a colon) would be written into the response's header block.
		Assert.isTrue(traceIdHeader.isBlank() || traceIdHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"),
				() -> "'" + traceIdHeader + "' is no HTTP header name");
		this.traceIdHeader = traceIdHeader;
	}

	public boolean isProblemErrors() {
		return this.problemErrors;
	}

	public void setProblemErrors(boolean problemErrors) {
		this.problemErrors = problemErrors;
	}

}
