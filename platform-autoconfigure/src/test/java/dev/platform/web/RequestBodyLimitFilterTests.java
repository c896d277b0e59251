package dev.platform.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitFilterTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final ProblemResponseWriter problems = new ProblemResponseWriter(() -> TRACE_ID);

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10), this.problems);

	@Test
	void aContentLengthOverTheLimitIsAnsweredWithoutCallingTheChain() throws Exception {
		MockHttpServletRequest request = post("application/json", new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).isNull();
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":413", "10 bytes", "\"traceId\":\"" + TRACE_ID);
	}

	@Test
	void aBodyWithinTheLimitIsReadWhole() throws Exception {
		byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
		assertThat(readThroughFilter(post("application/json", body)).readAllBytes()).isEqualTo(body);
		assertThat(readThroughFilter(chunked("application/json", body)).readAllBytes()).isEqualTo(body);
	}

	@Test
	void aRequestWithoutABodyIsPassedOnUnwrapped() throws Exception {
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/orders");
		assertThat(filtered(get)).isSameAs(get);
		// HTTP/2 frames a body without a length or chunks: such a request is counted.
		MockHttpServletRequest http2 = new MockHttpServletRequest("POST", "/orders") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
		http2.setProtocol("HTTP/2.0");
		http2.setContent(new byte[11]);
		assertThat(filtered(http2)).isInstanceOf(BodyLimitedRequest.class);
		assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> filtered(http2).getInputStream().readAllBytes());
	}

	@Test
	void aBodyWithAnAnnouncedLengthWithinTheLimitIsPassedOnUnwrapped() throws Exception {
		MockHttpServletRequest request = post("application/json", new byte[10]);
		assertThat(filtered(request)).isSameAs(request);
		assertThat(filtered(chunked("application/json", new byte[10]))).isInstanceOf(BodyLimitedRequest.class);
	}

	@Test
	void readingPastTheLimitFailsWhenNoLengthWasAnnounced() throws Exception {
		MockHttpServletRequest request = chunked("application/json", new byte[11]);
		InputStream stream = readThroughFilter(request);
		assertThat(stream.readNBytes(10)).hasSize(10);
		assertThatExceptionOfType(RequestBodyTooLargeException.class).isThrownBy(stream::read)
			.satisfies((ex) -> assertThat(ex.getLimit()).isEqualTo(DataSize.ofBytes(10)));
	}

	@Test
	void readingPastTheLimitInOneBlockFails() throws Exception {
		InputStream stream = readThroughFilter(chunked("application/json", new byte[100]));
		assertThatExceptionOfType(RequestBodyTooLargeException.class).isThrownBy(() -> stream.read(new byte[64]));
	}

	@Test
	void theReaderIsLimitedToo() throws Exception {
		MockHttpServletRequest request = chunked("text/plain;charset=UTF-8",
				"ééééé!".getBytes(StandardCharsets.UTF_8));
		HttpServletRequest filtered = filtered(request);
		// Five two-byte characters are the limit; the sixth character is one byte too many.
		assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> filtered.getReader().read(new char[100]));
	}

	@Test
	void theReaderDecodesWithTheRequestsEncoding() throws Exception {
		HttpServletRequest filtered = filtered(chunked("text/plain;charset=UTF-8",
				"ééé".getBytes(StandardCharsets.UTF_8)));
		assertThat(filtered.getReader().readLine()).isEqualTo("ééé");
	}

	@Test
	void multipartRequestsHaveTheMultipartLimit() throws Exception {
		RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10), DataSize.ofBytes(1000),
				this.problems);
		MockHttpServletRequest request = post("multipart/form-data; boundary=x", new byte[100]);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
		MockHttpServletResponse refused = new MockHttpServletResponse();
		filter.doFilter(post("Multipart/Form-Data; boundary=x", new byte[1001]), refused, new MockFilterChain());
		assertThat(refused.getStatus()).isEqualTo(413);
		assertThat(refused.getContentAsString()).contains("1000 bytes");
	}

	@Test
	void multipartRequestsAreNotLimitedWhenTheMultipartLimitIsOff() throws Exception {
		RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10), DataSize.ofBytes(-1),
				this.problems);
		MockHttpServletRequest request = chunked("multipart/form-data; boundary=x", new byte[100]);
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(((HttpServletRequest) chain.getRequest()).getInputStream().readAllBytes()).hasSize(100);
	}

	@Test
	void multipartRequestsHaveTheOneLimitWithoutMultipartParsing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(post("multipart/form-data; boundary=x", new byte[100]), response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(413);
	}

	@Test
	void aFilterFurtherOnThatReadsPastTheLimitGetsThe413Too() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("X-Trace-Id", TRACE_ID);
		this.filter.doFilter(chunked("application/json", new byte[100]), response,
				(req, res) -> req.getInputStream().readAllBytes());
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getHeader("X-Trace-Id")).isEqualTo(TRACE_ID);
		assertThat(response.getContentAsString()).contains("\"status\":413");
	}

	@Test
	void otherFailuresFurtherOnPassThrough() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter.doFilter(chunked("application/json", new byte[5]),
					new MockHttpServletResponse(), (req, res) -> {
						throw new IllegalStateException("not about the body");
					}));
	}

	@Test
	void theResolverAnswers413WhenTheLimitIsAmongTheCauses() throws Exception {
		RequestBodyTooLargeExceptionResolver resolver = new RequestBodyTooLargeExceptionResolver(this.problems);
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("X-Trace-Id", TRACE_ID);
		Exception wrapped = new HttpMessageNotReadableException("I/O error",
				new IllegalStateException(new RequestBodyTooLargeException(DataSize.ofBytes(10))), null);
		ModelAndView view = resolver.resolveException(new MockHttpServletRequest(), response, null, wrapped);
		assertThat(view).isNotNull();
		assertThat(view.isEmpty()).isTrue();
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getHeader("X-Trace-Id")).isEqualTo(TRACE_ID);
		assertThat(response.getContentAsString()).contains("\"title\":\"Content Too Large\"", "10 bytes");
	}

	@Test
	void theResolverLeavesOtherExceptionsAndCommittedResponsesAlone() throws Exception {
		RequestBodyTooLargeExceptionResolver resolver = new RequestBodyTooLargeExceptionResolver(this.problems);
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(resolver.resolveException(new MockHttpServletRequest(), response, null,
				new HttpMessageNotReadableException("bad JSON", null))).isNull();
		response.setCommitted(true);
		assertThat(resolver.resolveException(new MockHttpServletRequest(), response, null,
				new RequestBodyTooLargeException(DataSize.ofBytes(10)))).isNull();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void aCycleOfCausesEnds() {
		IllegalStateException first = new IllegalStateException();
		IllegalStateException second = new IllegalStateException(first);
		first.initCause(second);
		assertThat(RequestBodyTooLargeExceptionResolver.find(first)).isNull();
	}

	private InputStream readThroughFilter(MockHttpServletRequest request) throws Exception {
		return filtered(request).getInputStream();
	}

	private HttpServletRequest filtered(MockHttpServletRequest request) throws Exception {
		AtomicReference<ServletRequest> seen = new AtomicReference<>();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(req));
		assertThat(seen.get()).isNotNull();
		return (HttpServletRequest) seen.get();
	}

	private static MockHttpServletRequest post(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/notes");
		request.setContentType(contentType);
		request.setContent(body);
		return request;
	}

	/** No Content-Length: the mock reports -1 once its content is given as a stream. */
	private static MockHttpServletRequest chunked(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/notes") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}
		};
		request.addHeader("Transfer-Encoding", "chunked");
		request.setContentType(contentType);
		request.setContent(body);
		return request;
	}

}
