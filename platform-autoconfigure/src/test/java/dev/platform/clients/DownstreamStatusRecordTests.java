package dev.platform.clients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class DownstreamStatusRecordTests {

	@Test
	void namesThePlatformClientThatGotTheStatusAndHowOften() {
		DownstreamStatusException found = DownstreamStatusRecord.findIn(new DownstreamStatusRecord("users", 503, 3),
				answered(HttpStatus.SERVICE_UNAVAILABLE, null));
		assertThat(found).isNotNull();
		assertThat(found.getClient()).isEqualTo("users");
		assertThat(found.getStatus()).isEqualTo(503);
		assertThat(found.getReason()).isEqualTo("status_503");
		assertThat(found.getMessage()).isEqualTo("users: answered 503 Service Unavailable to the last of 3 attempts");
		assertThat(found.getCause()).isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
	}

	@Test
	void aSingleAttemptIsNotCounted() {
		DownstreamStatusException found = DownstreamStatusRecord.findIn(new DownstreamStatusRecord("users", 429, 1),
				answered(HttpStatus.TOO_MANY_REQUESTS, null));
		assertThat(found.getMessage()).isEqualTo("users: answered 429 Too Many Requests");
		assertThat(found.getReason()).isEqualTo("status_429");
	}

	@Test
	void aStatusNoPlatformClientRecordedIsLeftToTheApplication() {
		// Another status than the one a platform client got on this request: a RestTemplate's, say.
		assertThat(DownstreamStatusRecord.findIn(new DownstreamStatusRecord("users", 503, 3),
				answered(HttpStatus.BAD_GATEWAY, null))).isNull();
		assertThat(DownstreamStatusRecord.findIn(null, answered(HttpStatus.SERVICE_UNAVAILABLE, null))).isNull();
	}

	@Test
	void findsTheStatusUnderAWrapper() {
		RestClientException wrapped = new RestClientException("while reading",
				answered(HttpStatus.SERVICE_UNAVAILABLE, null));
		assertThat(DownstreamStatusRecord.findIn(new DownstreamStatusRecord("users", 503, 2), wrapped).getClient())
			.isEqualTo("users");
	}

	@Test
	void anExceptionWithoutTheStatusIsLeftAlone() {
		DownstreamStatusRecord record = new DownstreamStatusRecord("users", 503, 1);
		assertThat(DownstreamStatusRecord.findIn(record, answered(HttpStatus.INTERNAL_SERVER_ERROR, null))).isNull();
		assertThat(DownstreamStatusRecord.findIn(record, new IllegalStateException("no"))).isNull();
	}

	@Test
	void passesOnTheDownstreamsRetryAfterBetweenOneSecondAndFiveMinutes() {
		assertThat(retryAfterOf(null)).isEqualTo(Duration.ofSeconds(1));
		assertThat(retryAfterOf("0")).isEqualTo(Duration.ofSeconds(1));
		assertThat(retryAfterOf("soon")).isEqualTo(Duration.ofSeconds(1));
		assertThat(retryAfterOf("42")).isEqualTo(Duration.ofSeconds(42));
		assertThat(retryAfterOf("86400")).isEqualTo(Duration.ofMinutes(5));
		String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(62));
		assertThat(retryAfterOf(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(62));
	}

	@Test
	void remembersOnlyANotNowAndOnlyOnARequestThread() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		RequestContextHolder
			.setRequestAttributes(new ServletRequestAttributes(request));
		try {
			DownstreamStatusRecord.remember("users", 500, 1);
			assertThat(request.getAttribute(DownstreamStatusRecord.ATTRIBUTE)).isNull();
			DownstreamStatusRecord.remember("users", 503, 2);
			assertThat(request.getAttribute(DownstreamStatusRecord.ATTRIBUTE))
				.isEqualTo(new DownstreamStatusRecord("users", 503, 2));
			// A later answer of any client clears it: the application handled the 503, or it would not call again.
			DownstreamStatusRecord.remember("orders", 200, 1);
			assertThat(request.getAttribute(DownstreamStatusRecord.ATTRIBUTE)).isNull();
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
		// No inbound request on this thread: nothing to remember it on, and nothing fails.
		DownstreamStatusRecord.remember("users", 503, 2);
	}

	@Test
	void aCallOffTheRequestThreadCarriesItsRecordInTheResponseItsExceptionIsMadeFrom() throws Exception {
		org.springframework.mock.http.client.MockClientHttpResponse response = new org.springframework.mock.http.client.MockClientHttpResponse(
				new byte[0], HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, "7");
		// No inbound request on this thread.
		assertThat(DownstreamStatusRecord.remember("users", 503, 3)).isFalse();
		org.springframework.http.client.ClientHttpResponse marked = DownstreamStatusRecord.marked(response, "users",
				503, 3);
		assertThat(marked.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
		assertThat(marked.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		// As Spring makes its exception from the response, wrapped as a CompletableFuture's join wraps it.
		HttpServerErrorException thrown = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", marked.getHeaders(), new byte[0], StandardCharsets.UTF_8);
		DownstreamStatusException found = DownstreamStatusRecord.findIn(null,
				new java.util.concurrent.CompletionException(thrown));
		assertThat(found).isNotNull();
		assertThat(found.getMessage()).isEqualTo("users: answered 503 Service Unavailable to the last of 3 attempts");
		assertThat(found.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
		// Other statuses are not marked.
		assertThat(DownstreamStatusRecord.marked(response, "users", 500, 1)).isSameAs(response);
	}

	@Test
	void aMarkerHeaderTheDownstreamSentItselfIsIgnored() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(DownstreamStatusRecord.MARKER_HEADER, "guess 3 users");
		HttpServerErrorException forged = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", headers, new byte[0], StandardCharsets.UTF_8);
		assertThat(DownstreamStatusRecord.findIn(null, forged)).isNull();
	}

	@Test
	void aRequestThatHasEndedIsLeftAlone() {
		ServletRequestAttributes attributes = new ServletRequestAttributes(new MockHttpServletRequest());
		attributes.requestCompleted();
		RequestContextHolder.setRequestAttributes(attributes);
		try {
			DownstreamStatusRecord.remember("users", 503, 2);
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	private static Duration retryAfterOf(String value) {
		return DownstreamStatusRecord.findIn(new DownstreamStatusRecord("users", 503, 1),
				answered(HttpStatus.SERVICE_UNAVAILABLE, value)).getRetryAfter();
	}

	private static RestClientResponseException answered(HttpStatus status, String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		return status.is4xxClientError()
				? HttpClientErrorException.create(status, status.getReasonPhrase(), headers, body, StandardCharsets.UTF_8)
				: HttpServerErrorException.create(status, status.getReasonPhrase(), headers, body, StandardCharsets.UTF_8);
	}

}
