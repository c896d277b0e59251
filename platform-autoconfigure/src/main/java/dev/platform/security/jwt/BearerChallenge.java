package dev.platform.security.jwt;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.platform.web.ProblemResponseWriter;

/**
 * Writes RFC 6750 challenges with an RFC 9457 body. Descriptions are fixed texts, never caller input, so they
 * need no quoting and cannot reflect a token.
 */
final class BearerChallenge {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private final ProblemResponseWriter writer;

	BearerChallenge(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	void unauthorized(HttpServletResponse response, JwtOutcome outcome) throws IOException {
		String challenge = (outcome == JwtOutcome.MISSING) ? "Bearer"
				: "Bearer error=\"invalid_token\", error_description=\"" + outcome.description() + "\"";
		write(response, HttpStatus.UNAUTHORIZED, challenge, outcome.description());
	}

	void insufficientScope(HttpServletResponse response, String requirement, @Nullable String scope)
			throws IOException {
		String description = "The token lacks the required " + requirement;
		String challenge = "Bearer error=\"insufficient_scope\", error_description=\"" + description + "\""
				+ ((scope != null) ? ", scope=\"" + scope + "\"" : "");
		write(response, HttpStatus.FORBIDDEN, challenge, description);
	}

	private void write(HttpServletResponse response, HttpStatus status, String challenge, String detail)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		// Spring 7 leaves the type null, which ProblemResponseWriter cannot write.
		problem.setType(ABOUT_BLANK);
		this.writer.write(response, problem);
	}

}
