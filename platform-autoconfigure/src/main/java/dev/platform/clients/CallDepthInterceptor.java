package dev.platform.clients;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends {@value CallsPerRequest#DEPTH_HEADER} on a platform client's call: one more than the depth of the inbound
 * request the calling thread serves, 1 from a thread that serves none. The downstream's starter records it in
 * {@code platform.request.call.depth}, so a chain of synchronous calls (the distributed monolith's shape) shows
 * as a number. Switched off per client with {@code platform.clients.<name>.call-depth-header=false}, for a
 * downstream outside the platform.
 */
final class CallDepthInterceptor implements ClientHttpRequestInterceptor {

	static final CallDepthInterceptor INSTANCE = new CallDepthInterceptor();

	private CallDepthInterceptor() {
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		request.getHeaders().set(CallsPerRequest.DEPTH_HEADER, Integer.toString(CallsPerRequest.outboundDepth()));
		return execution.execute(request, body);
	}

}
