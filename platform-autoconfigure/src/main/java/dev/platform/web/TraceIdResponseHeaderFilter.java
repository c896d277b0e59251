package dev.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets the trace id of the request's server span as a response header, before the handler runs so the
 * header is present even when the response is committed early or an error is rendered.
 */
public class TraceIdResponseHeaderFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = TraceIdResponseHeaderFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	private final TraceIdSource traceIds;

	private final String headerName;

	public TraceIdResponseHeaderFilter(TraceIdSource traceIds, String headerName) {
		this.traceIds = traceIds;
		this.headerName = headerName;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String traceId = this.traceIds.currentTraceId();
		if (traceId != null) {
			response.setHeader(this.headerName, traceId);
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/** A constant name: the inherited one is concatenated anew on every request. */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

}
