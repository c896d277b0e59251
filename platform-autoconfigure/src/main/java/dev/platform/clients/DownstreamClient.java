package dev.platform.clients;

import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * One configured downstream: its {@link RestClient}, HTTP interface clients built on it, and fallbacks for
 * graceful degradation. Inject it with {@code @Qualifier("<name>")}, or look it up in {@link DownstreamClients}.
 */
public final class DownstreamClient {

	private final String name;

	private final RestClient restClient;

	private final HttpServiceProxyFactory proxyFactory;

	DownstreamClient(String name, RestClient restClient) {
		this.name = name;
		this.restClient = restClient;
		this.proxyFactory = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient)).build();
	}

	/**
	 * Returns the name of the downstream, as configured under {@code platform.clients}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the client, with the base URL, timeouts, resilience and observation of this downstream.
	 * @return the client, shared and thread-safe
	 */
	public RestClient restClient() {
		return this.restClient;
	}

	/**
	 * Creates a proxy for an {@code @HttpExchange} interface that calls this downstream.
	 * @param <S> the interface type
	 * @param type the interface
	 * @return the proxy; create it once and keep it
	 */
	public <S> S httpService(Class<S> type) {
		return this.proxyFactory.createClient(type);
	}

	/**
	 * Makes a call and falls back when the downstream is unavailable: breaker open, bulkhead full, timeout,
	 * connection failure, a 5xx or 429 after retries. Other errors (a 4xx, an unreadable body) propagate,
	 * because they point at a bug that a fallback would hide.
	 * @param <T> the result type
	 * @param call the call, typically through {@link #restClient()}
	 * @param fallback computes the result from the failure
	 * @return the call's result or the fallback's
	 */
	public <T> T call(Supplier<T> call, Function<? super RuntimeException, ? extends T> fallback) {
		try {
			return call.get();
		}
		catch (DownstreamException | HttpServerErrorException | HttpClientErrorException.TooManyRequests
				| ResourceAccessException ex) {
			return fallback.apply(ex);
		}
		catch (RestClientException ex) {
			// A body that stalled or broke while a converter read it: the downstream failure is a cause.
			DownstreamException downstream = DownstreamException.findIn(ex);
			if (downstream != null) {
				return fallback.apply(downstream);
			}
			throw ex;
		}
	}

	/**
	 * Makes a call and answers {@code fallbackValue} when the downstream is unavailable, like
	 * {@link #call(Supplier, Function)}.
	 * @param <T> the result type
	 * @param call the call
	 * @param fallbackValue the result to use instead
	 * @return the call's result or {@code fallbackValue}
	 */
	public <T> T callOrDefault(Supplier<T> call, T fallbackValue) {
		return call(call, (ex) -> fallbackValue);
	}

}
