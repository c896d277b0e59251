package dev.platform.web;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the trace context a request brings ({@code traceparent}, {@code tracestate}, {@code baggage}, B3's headers
 * and the headers of baggage remote fields) from everything after it, so that the request starts a trace of its own: at an edge, a caller outside
 * would otherwise choose the trace id the service logs and answers with (colliding with another request's on
 * purpose), switch sampling off for its own requests, and put baggage into every service behind. Runs before the
 * server observation, which reads the headers; a proxy after it (a gateway's routes) does not forward them either.
 */
class UntrustedTraceContextFilter extends OncePerRequestFilter {

	/** Lower case. */
	static final Set<String> HEADERS = Set.of("traceparent", "tracestate", "baggage", "b3", "x-b3-traceid",
			"x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

	/** {@link #HEADERS} and the baggage remote fields, each a header of its own; lower case. */
	private final Set<String> hidden;

	UntrustedTraceContextFilter(Collection<String> remoteBaggageFields) {
		Set<String> hidden = new HashSet<>(HEADERS);
		remoteBaggageFields.forEach((field) -> hidden.add(field.toLowerCase(Locale.ROOT)));
		this.hidden = Set.copyOf(hidden);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(carriesTraceContext(request) ? new WithoutTraceContext(request) : request, response);
	}

	private boolean carriesTraceContext(HttpServletRequest request) {
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			if (isTraceContext(names.nextElement())) {
				return true;
			}
		}
		return false;
	}

	boolean isTraceContext(String name) {
		return this.hidden.contains(name.toLowerCase(Locale.ROOT));
	}

	private final class WithoutTraceContext extends HttpServletRequestWrapper {

		WithoutTraceContext(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isTraceContext(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isTraceContext(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(UntrustedTraceContextFilter.this::isTraceContext);
			return Collections.enumeration(names);
		}

		@Override
		public long getDateHeader(String name) {
			return isTraceContext(name) ? -1 : super.getDateHeader(name);
		}

		@Override
		public int getIntHeader(String name) {
			return isTraceContext(name) ? -1 : super.getIntHeader(name);
		}

	}

}
