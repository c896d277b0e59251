package dev.platform.demo.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.platform.web.ProblemResponseWriter;
import dev.platform.web.RequestBodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request's body whole, on the request thread and within {@code gateway.request-body.deadline}, before the
 * routes see it; the proxy then streams the copy.
 * <p>
 * Without it the proxy hands the servlet's input stream to the HTTP client, which reads it on a thread of its own
 * ({@code SimpleAsyncTaskExecutor}, one per request, unbounded). A body trickled a byte every few seconds then holds
 * that thread, and, once the route gives up (10 s read timeout, 504), also the Tomcat thread, which drains the rest
 * of the body (up to {@code max-swallow-size}) while the client thread is still reading the same connection through
 * the recycled request: 200 such bodies take every Tomcat thread, and the leftover readers later write into
 * requests that reuse those processors (bare 500 and 408 on unrelated calls).
 * <p>
 * A body not there by the deadline is answered 408 with a problem body and the connection is closed (Tomcat's
 * {@code max-swallow-size} is 0, so nothing is drained). One address may have at most
 * {@code gateway.request-body.max-in-flight-per-address} bodies being read at once; beyond that 429 at once, so slow
 * bodies from one caller cannot take the whole thread pool.
 */
class RequestBodyDeadlineFilter extends OncePerRequestFilter {

	private final long deadlineNanos;

	private final int maxInFlightPerAddress;

	private final int maxInFlight;

	private final AtomicInteger inFlightTotal = new AtomicInteger();

	private final ProblemResponseWriter problems;

	private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

	RequestBodyDeadlineFilter(Duration deadline, int maxInFlightPerAddress, int maxInFlight,
			ProblemResponseWriter problems) {
		if (deadline.isNegative() || deadline.isZero() || maxInFlightPerAddress < 1 || maxInFlight < 1) {
			throw new IllegalArgumentException("gateway.request-body.deadline must be positive and"
					+ " gateway.request-body.max-in-flight and max-in-flight-per-address at least 1");
		}
		this.deadlineNanos = deadline.toNanos();
		this.maxInFlightPerAddress = maxInFlightPerAddress;
		this.maxInFlight = maxInFlight;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = ClientAddresses.key(request.getRemoteAddr());
		// The address's own limit first, so that an address over it takes none of the shared ones.
		if (!acquire(address)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			refuse(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
					"Too many request bodies in progress from this address.");
			return;
		}
		if (this.inFlightTotal.incrementAndGet() > this.maxInFlight) {
			this.inFlightTotal.decrementAndGet();
			release(address);
			// Every body being read holds a request thread: the rest stay for requests without one (health, GETs).
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "Busy",
					"Too many request bodies in progress; retry in a second.");
			return;
		}
		byte[] body;
		try {
			body = read(request);
		}
		catch (BodyDeadlineExceeded | SocketTimeoutFailure ex) {
			refuse(response, HttpStatus.REQUEST_TIMEOUT, "Request timeout",
					"The request body did not arrive within " + (this.deadlineNanos / 1_000_000) + " ms.");
			return;
		}
		finally {
			release(address);
			this.inFlightTotal.decrementAndGet();
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private byte[] read(HttpServletRequest request) throws IOException {
		long deadline = System.nanoTime() + this.deadlineNanos;
		long length = request.getContentLengthLong();
		ByteArrayOutputStream out = new ByteArrayOutputStream((length > 0 && length < 64 * 1024) ? (int) length : 8192);
		byte[] buffer = new byte[8192];
		InputStream in = request.getInputStream();
		try {
			int n;
			while ((n = in.read(buffer)) != -1) {
				out.write(buffer, 0, n);
				// Each read waits at most server.tomcat.connection-timeout: that is how far past it a body can get.
				if (System.nanoTime() - deadline > 0) {
					throw new BodyDeadlineExceeded();
				}
			}
		}
		catch (RequestBodyTooLargeException ex) {
			throw ex; // the platform's filter answers 413
		}
		catch (IOException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof SocketTimeoutException) {
					throw new SocketTimeoutFailure(ex);
				}
			}
			throw ex;
		}
		return out.toByteArray();
	}

	private void refuse(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		// The rest of the body is not wanted: close instead of draining it (max-swallow-size=0 makes Tomcat agree).
		response.setHeader(HttpHeaders.CONNECTION, "close");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		this.problems.write(response, problem);
	}

	/** Counts a body being read from the address, unless it has as many as allowed; one atomic step per address. */
	private boolean acquire(String address) {
		boolean[] acquired = new boolean[1];
		this.inFlight.compute(address, (key, current) -> {
			int count = (current != null) ? current : 0;
			acquired[0] = count < this.maxInFlightPerAddress;
			return acquired[0] ? count + 1 : current;
		});
		return acquired[0];
	}

	/** The address's count goes when it reaches 0: the map holds only addresses with bodies being read. */
	private void release(String address) {
		this.inFlight.computeIfPresent(address, (key, current) -> (current > 1) ? current - 1 : null);
	}

	/** Bodies being read now plus addresses still counted: 0 once every count was given back. */
	int bodiesInProgress() {
		return this.inFlightTotal.get() + this.inFlight.size();
	}

	/** Bodies being read now. */
	int bodiesBeingRead() {
		return this.inFlightTotal.get();
	}

	private static final class BodyDeadlineExceeded extends IOException {

		BodyDeadlineExceeded() {
			super("request body deadline exceeded");
		}

	}

	private static final class SocketTimeoutFailure extends IOException {

		SocketTimeoutFailure(IOException cause) {
			super(cause);
		}

	}

	/** The request with its body read: the copy is what the routes stream to the service. */
	static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private final ServletInputStream stream;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
			this.stream = stream(new ByteArrayInputStream(body));
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

		private static ServletInputStream stream(ByteArrayInputStream in) {
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
					(encoding != null) ? java.nio.charset.Charset.forName(encoding)
							: java.nio.charset.StandardCharsets.ISO_8859_1));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
