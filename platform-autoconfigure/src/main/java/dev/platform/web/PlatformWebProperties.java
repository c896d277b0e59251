package dev.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the trace id response header, problem bodies, the request body limit, duplicate JSON keys and the
 * inbound call depth.
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

	/**
	 * Whether an exception no handler resolved is logged at ERROR while the request's trace is current (so the
	 * line carries trace_id and span_id) and answered with 500 through the error page, instead of being logged by
	 * the container after the trace has ended.
	 */
	private boolean logUnhandledExceptions = true;

	/**
	 * Largest request body accepted; a larger one is answered with 413 and a problem body, before the handler runs
	 * when the Content-Length says so, as soon as the reading passes the limit otherwise. Multipart requests get
	 * 'spring.servlet.multipart.max-request-size' instead (this limit when multipart parsing is off). -1 for no
	 * limit.
	 */
	private DataSize maxRequestBodySize = DataSize.ofMegabytes(1);

	/**
	 * Whether a JSON request body with the same key twice in one object is refused with 400 and a problem body
	 * naming the key, instead of read with the last value winning. Only Spring MVC's reading of request bodies; Boot's
	 * JsonMapper is left as it is.
	 */
	private boolean rejectDuplicateJsonKeys = true;

	/**
	 * Whether an inbound request's X-Platform-Call-Depth (how many synchronous platform-client calls in a row led to
	 * it) is believed: recorded in platform.request.call.depth and handed on, one higher, to the calls the request
	 * makes. False at an edge service, where anyone outside could send it: its requests then count as the first of
	 * a chain.
	 */
	private boolean trustCallDepth = true;

	/**
	 * Whether an inbound request's trace context (traceparent, tracestate, baggage, B3) is joined. False at an edge
	 * service, where anyone outside could choose the trace id, sampling and baggage: its requests then start traces
	 * of their own, and what it calls joins those.
	 */
	private boolean trustTraceContext = true;

	public String getTraceIdHeader() {
		return this.traceIdHeader;
	}

	public void setTraceIdHeader(String traceIdHeader) {
		// RFC 9110's token: anything else (a space, a colon) would be written into the response's header block.
		Assert.isTrue(traceIdHeader.isBlank() || traceIdHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"),
				() -> "'" + traceIdHeader + "' is no HTTP header name");
		this.traceIdHeader = traceIdHeader;
	}

	public boolean isTrustCallDepth() {
		return this.trustCallDepth;
	}

	public void setTrustCallDepth(boolean trustCallDepth) {
		this.trustCallDepth = trustCallDepth;
	}

	public boolean isTrustTraceContext() {
		return this.trustTraceContext;
	}

	public void setTrustTraceContext(boolean trustTraceContext) {
		this.trustTraceContext = trustTraceContext;
	}

	public boolean isRejectDuplicateJsonKeys() {
		return this.rejectDuplicateJsonKeys;
	}

	public void setRejectDuplicateJsonKeys(boolean rejectDuplicateJsonKeys) {
		this.rejectDuplicateJsonKeys = rejectDuplicateJsonKeys;
	}

	public DataSize getMaxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
		Assert.isTrue(maxRequestBodySize.toBytes() > 0 || maxRequestBodySize.toBytes() == -1,
				() -> maxRequestBodySize + " is no body size: more than 0 bytes, or -1 for no limit");
		this.maxRequestBodySize = maxRequestBodySize;
	}

	public boolean isLogUnhandledExceptions() {
		return this.logUnhandledExceptions;
	}

	public void setLogUnhandledExceptions(boolean logUnhandledExceptions) {
		this.logUnhandledExceptions = logUnhandledExceptions;
	}

	public boolean isProblemErrors() {
		return this.problemErrors;
	}

	public void setProblemErrors(boolean problemErrors) {
		this.problemErrors = problemErrors;
	}

}
