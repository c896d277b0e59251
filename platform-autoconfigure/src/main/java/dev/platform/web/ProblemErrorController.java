package dev.platform.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.UriUtils;

/**
 * Boot's error controller, answering machine clients with an RFC 9457 problem body ({@code application/problem+json},
 * with {@code traceId}) instead of Boot's own JSON map. It answers what never reached a controller advice: an
 * exception no handler caught (500), a request the servlet container refused before Spring MVC saw it (a malformed
 * query string), a {@code sendError} from a filter. Browsers asking for HTML keep Boot's error page.
 * <p>
 * The detail is the error's message only where Boot's {@code spring.web.error.include-message} lets it through (never
 * by default), so an exception's text does not reach the client.
 */
public class ProblemErrorController extends BasicErrorController {

	private final ProblemResponseWriter problems;

	private final TraceIdSource traceIds;

	public ProblemErrorController(ErrorAttributes errorAttributes, ErrorProperties errorProperties,
			List<ErrorViewResolver> errorViewResolvers, ProblemResponseWriter problems, TraceIdSource traceIds) {
		super(errorAttributes, errorProperties, errorViewResolvers);
		this.problems = problems;
		this.traceIds = traceIds;
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return new ResponseEntity<>(status);
		}
		Map<String, Object> attributes = getErrorAttributes(request,
				getErrorAttributeOptions(request, MediaType.APPLICATION_PROBLEM_JSON));
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setDetail(detail(attributes.get("message")));
		Object path = attributes.get("path");
		if (path instanceof String instance && !instance.isEmpty()) {
			// Boot reports the path decoded; as a URI reference it is encoded again.
			problem.setInstance(URI.create(UriUtils.encodePath(instance, StandardCharsets.UTF_8)));
		}
		// The request's observation ended before this dispatch, so its scope is closed: its context still knows the
		// trace (the writer adds the current trace id, where there is one, over this).
		ServerHttpObservationFilter.findObservationContext(request)
			.map(this.traceIds::traceIdOf)
			.ifPresent((traceId) -> problem.setProperty(TraceIdSource.PROBLEM_PROPERTY, traceId));
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(this.problems.toMap(problem));
	}

	private static @Nullable String detail(@Nullable Object message) {
		if (!(message instanceof String text) || text.isBlank() || text.equals("No message available")) {
			return null;
		}
		return text;
	}

}
