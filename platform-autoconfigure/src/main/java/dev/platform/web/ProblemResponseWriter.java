package dev.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes an RFC 9457 problem body straight to a servlet response, for code that runs outside Spring MVC
 * (servlet filters). Bodies returned from controllers get their {@code traceId} from
 * {@link TraceIdProblemDetailAdvice} instead.
 */
public final class ProblemResponseWriter {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final TraceIdSource traceIds;

	public ProblemResponseWriter(TraceIdSource traceIds) {
		this.traceIds = traceIds;
	}

	/**
	 * Writes {@code problem} with its status, {@code application/problem+json} and the current trace id.
	 * @param response the response, not yet committed
	 * @param problem the problem to write
	 * @throws IOException when the body cannot be written
	 */
	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		MAPPER.writeValue(response.getOutputStream(), toMap(problem));
	}

	Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		@Nullable URI type = problem.getType();
		body.put("type", (type != null) ? type.toString() : "about:blank");
		putIfPresent(body, "title", problem.getTitle());
		body.put("status", problem.getStatus());
		putIfPresent(body, "detail", problem.getDetail());
		putIfPresent(body, "instance", problem.getInstance());
		Map<String, @Nullable Object> properties = problem.getProperties();
		if (properties != null) {
			properties.forEach((key, value) -> putIfPresent(body, key, value));
		}
		String traceId = this.traceIds.currentTraceId();
		if (traceId != null) {
			body.put(TraceIdSource.PROBLEM_PROPERTY, traceId);
		}
		return body;
	}

	private static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
		if (value != null) {
			body.put(key, (value instanceof URI) ? value.toString() : value);
		}
	}

}
