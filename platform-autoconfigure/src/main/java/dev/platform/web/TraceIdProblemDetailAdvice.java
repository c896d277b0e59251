package dev.platform.web;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds the current trace id to every {@link ProblemDetail} that Spring MVC writes, whether it comes from
 * Boot's problem-details handler, a {@code @ControllerAdvice} or a controller, so a user reporting an error
 * can quote the id that finds its trace and logs.
 */
@ControllerAdvice
public class TraceIdProblemDetailAdvice implements ResponseBodyAdvice<Object> {

	private final TraceIdSource traceIds;

	public TraceIdProblemDetailAdvice(TraceIdSource traceIds) {
		this.traceIds = traceIds;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && !hasTraceId(problem)) {
			String traceId = this.traceIds.currentTraceId();
			if (traceId != null) {
				problem.setProperty(TraceIdSource.PROBLEM_PROPERTY, traceId);
			}
		}
		return body;
	}

	private static boolean hasTraceId(ProblemDetail problem) {
		return problem.getProperties() != null && problem.getProperties().containsKey(TraceIdSource.PROBLEM_PROPERTY);
	}

}
