package dev.platform.clients;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sets {@code Authorization: Bearer} from the {@link OutboundTokenSource}, unless the caller set its own, on requests
 * to the client's own downstream only: the scheme, host and port of {@code platform.clients.<name>.url}. A request
 * the client makes to an absolute URL elsewhere (a link or a {@code Location} taken from a response) goes without
 * the caller's token, which every service of the same audience would accept.
 */
final class TokenRelayInterceptor implements ClientHttpRequestInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(TokenRelayInterceptor.class);

	private final OutboundTokenSource tokens;

	private final String name;

	private final String origin;

	TokenRelayInterceptor(OutboundTokenSource tokens, String name, URI downstream) {
		this.tokens = tokens;
		this.name = name;
		this.origin = originOf(downstream);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
			String token = this.tokens.currentToken();
			if (token != null && !token.isBlank()) {
				if (!this.origin.isEmpty() && this.origin.equals(originOf(request.getURI()))) {
					request.getHeaders().setBearerAuth(token);
				}
				else {
					logger.debug("Client {} does not relay the caller's token to {}, which is not its downstream {}",
							this.name, originOf(request.getURI()), this.origin);
				}
			}
		}
		return execution.execute(request, body);
	}

	/**
	 * scheme://host:port, lower case, the port filled in for http and https; empty when the URI has no scheme or
	 * host, and an empty origin matches none. A host Java's URI does not take for one (a name with an underscore,
	 * which Docker allows and Apache HttpClient accepts) is read from the authority.
	 */
	static String originOf(@Nullable URI uri) {
		if (uri == null || uri.getScheme() == null) {
			return "";
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost();
		int port = uri.getPort();
		if (host == null) {
			String authority = uri.getRawAuthority();
			if (authority == null) {
				return "";
			}
			authority = authority.substring(authority.lastIndexOf('@') + 1);
			int colon = authority.lastIndexOf(':');
			if (colon >= 0) {
				String digits = authority.substring(colon + 1);
				// A port is 1 to 5 ASCII digits; anything else is no origin this client relays to.
				if (digits.isEmpty() || digits.length() > 5
						|| !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
					return "";
				}
				port = Integer.parseInt(digits);
				authority = authority.substring(0, colon);
			}
			if (authority.isEmpty()) {
				return "";
			}
			host = authority;
		}
		if (port == -1) {
			port = switch (scheme) {
				case "http" -> 80;
				case "https" -> 443;
				default -> -1;
			};
		}
		return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
	}

}
