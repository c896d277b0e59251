package dev.platform.clients;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sets {@code Authorization: Bearer} from the {@link OutboundTokenSource}, unless the caller set its own.
 */
final class TokenRelayInterceptor implements ClientHttpRequestInterceptor {

	private final OutboundTokenSource tokens;

	TokenRelayInterceptor(OutboundTokenSource tokens) {
		this.tokens = tokens;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String token = this.tokens.currentToken();
		if (token != null && !token.isBlank() && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
			request.getHeaders().setBearerAuth(token);
		}
		return execution.execute(request, body);
	}

}
