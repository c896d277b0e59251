package dev.platform.clients;

import org.jspecify.annotations.Nullable;

/**
 * The bearer token of the request being served, for clients with {@code relay-token=true}. The JWT feature
 * provides the bean; applications may provide their own.
 */
@FunctionalInterface
public interface OutboundTokenSource {

	/**
	 * Returns the token to relay for the current thread's request.
	 * @return the raw token (without the {@code Bearer } prefix), or {@code null} when there is none
	 */
	@Nullable String currentToken();

}
