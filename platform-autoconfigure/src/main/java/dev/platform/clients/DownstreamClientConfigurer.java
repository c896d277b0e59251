package dev.platform.clients;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Applies a downstream's profile to a {@link RestClient.Builder}: base URL, timeouts, observation convention,
 * token relay and the resilience interceptor. Shared by {@link DownstreamClients} and HTTP service groups of
 * the same name, which therefore share one breaker, bulkhead and retry budget.
 */
final class DownstreamClientConfigurer {

	private static final boolean APACHE_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.apache.hc.client5.http.impl.classic.HttpClientBuilder", DownstreamClientConfigurer.class.getClassLoader());

	private final Map<String, ClientProperties> clients;

	private final ClientHttpRequestFactoryBuilder<?> requestFactories;

	private final Function<String, DownstreamResilience> resilienceFactory;

	private final @Nullable OutboundTokenSource tokenSource;

	private final String observationName;

	private final List<DownstreamClientCustomizer> customizers;

	private final AttemptsOnTheSpan attemptsOnTheSpan;

	private final Map<String, DownstreamResilience> resilience = new ConcurrentHashMap<>();

	private final HttpClientSettings baseSettings;

	private final @Nullable SslBundles sslBundles;

	DownstreamClientConfigurer(Map<String, ClientProperties> clients,
			ClientHttpRequestFactoryBuilder<?> requestFactories, HttpClientSettings baseSettings,
			@Nullable SslBundles sslBundles,
			Function<String, DownstreamResilience> resilienceFactory, @Nullable OutboundTokenSource tokenSource,
			String observationName, List<DownstreamClientCustomizer> customizers, ObservationRegistry observations) {
		this.clients = clients;
		this.attemptsOnTheSpan = new AttemptsOnTheSpan(observations);
		this.requestFactories = requestFactories;
		this.baseSettings = baseSettings;
		this.sslBundles = sslBundles;
		this.resilienceFactory = resilienceFactory;
		this.tokenSource = tokenSource;
		this.observationName = observationName;
		this.customizers = customizers;
	}

	Set<String> names() {
		return this.clients.keySet();
	}

	DownstreamResilience resilience(String name) {
		return this.resilience.computeIfAbsent(name, this.resilienceFactory);
	}

	RestClient.Builder configure(String name, RestClient.Builder builder) {
		ClientProperties properties = this.clients.get(name);
		if (properties == null) {
			throw new IllegalArgumentException("No client '" + name + "' under " + PlatformClientsProperties.PREFIX);
		}
		// Boot's settings (spring.http.clients.*: the SSL bundle, redirects) with the client's own timeouts and
		// SSL bundle.
		HttpClientSettings settings = this.baseSettings.withTimeouts(properties.getConnectTimeout(),
				properties.getReadTimeout());
		if (StringUtils.hasText(properties.getSslBundle())) {
			settings = settings.withSslBundle(sslBundle(name, properties.getSslBundle()));
		}
		ResilienceInterceptor resilienceInterceptor = new ResilienceInterceptor(resilience(name), this.attemptsOnTheSpan);
		TokenRelayInterceptor relay = relayInterceptor(name, properties);
		if (relay != null) {
			// A redirect would take the caller's token with it, to whatever host it names (Java's client copies
			// Authorization to a redirect's target): a relaying client answers a 3xx to its caller instead.
			settings = settings.withRedirects(HttpRedirects.DONT_FOLLOW);
		}
		// The request factory first, so a customizer can replace it.
		builder.requestFactory(requestFactory(settings));
		this.customizers.forEach((customizer) -> customizer.customize(name, builder));
		return builder.baseUrl(properties.getUrl().trim())
			.observationConvention(new DownstreamObservationConvention(this.observationName, name))
			.requestInterceptors((interceptors) -> {
				if (properties.isCallDepthHeader()) {
					interceptors.add(CallDepthInterceptor.INSTANCE);
				}
				if (relay != null) {
					interceptors.add(relay);
				}
				interceptors.add(resilienceInterceptor);
			});
	}

	/**
	 * The factory of a client's requests. With the JDK's client, which Boot picks when no other is on the class
	 * path, the platform's own factory over it: Spring's sends with {@code sendAsync}, about twice the CPU per call
	 * across all threads, and pays about 45 µs and 10 KiB on every call for its read timeout (see
	 * {@link DeadlineJdkClientHttpRequestFactory}). Its {@code HttpClient} is built by Boot's
	 * {@link JdkHttpClientBuilder} from the client's settings, so HTTP client customizers of a
	 * {@code JdkClientHttpRequestFactoryBuilder} bean do not reach it; a {@link DownstreamClientCustomizer} can set
	 * another request factory.
	 */
	ClientHttpRequestFactory requestFactory(HttpClientSettings settings) {
		if (this.requestFactories instanceof JdkClientHttpRequestFactoryBuilder) {
			return new DeadlineJdkClientHttpRequestFactory(new JdkHttpClientBuilder().build(settings.withReadTimeout(null)),
					settings.readTimeout());
		}
		return withoutClientRetries(this.requestFactories).build(settings);
	}

	/**
	 * The resilience interceptor is the only one to retry on a status: Apache HttpClient 5, which Boot prefers when
	 * present, would otherwise re-send on 429 and 503 by itself, a POST without an idempotency key included, below
	 * the retry policy, its budget and the breaker's clock.
	 */
	static ClientHttpRequestFactoryBuilder<?> withoutClientRetries(ClientHttpRequestFactoryBuilder<?> builder) {
		return APACHE_CLIENT_PRESENT ? ApacheClient.withoutRetries(builder) : builder;
	}

	private SslBundle sslBundle(String name, String bundle) {
		String property = PlatformClientsProperties.PREFIX + "." + name + ".ssl-bundle";
		if (this.sslBundles == null) {
			throw new ClientConfigurationException(property, "names SSL bundle '" + bundle
					+ "', but the application has no SslBundles (Boot's SSL auto-configuration)");
		}
		try {
			return this.sslBundles.getBundle(bundle);
		}
		catch (NoSuchSslBundleException ex) {
			throw new ClientConfigurationException(property,
					"names SSL bundle '" + bundle + "', which is not configured under spring.ssl.bundle");
		}
	}

	private @Nullable TokenRelayInterceptor relayInterceptor(String name, ClientProperties properties) {
		if (!properties.isRelayToken()) {
			return null;
		}
		if (this.tokenSource == null) {
			throw new ClientConfigurationException(PlatformClientsProperties.PREFIX + "." + name + ".relay-token",
					"is true but there is no OutboundTokenSource bean to take the token from "
							+ "(the JWT feature provides one)");
		}
		return new TokenRelayInterceptor(this.tokenSource, name, URI.create(properties.getUrl().trim()));
	}

	/** Apache HttpClient 5 types, loaded only when it is on the class path. */
	private static final class ApacheClient {

		static ClientHttpRequestFactoryBuilder<?> withoutRetries(ClientHttpRequestFactoryBuilder<?> builder) {
			if (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder apache) {
				return apache.withHttpClientCustomizer((client) -> client.setRetryStrategy(new IoOnlyRetryStrategy()));
			}
			return builder;
		}

		/**
		 * Apache's default strategy without its retries on a status code (429, 503), which re-send any method
		 * below the retry policy. What stays: one replay of an idempotent request whose kept-alive connection the
		 * server had closed ({@code NoHttpResponseException}), as the JDK client does too.
		 */
		private static final class IoOnlyRetryStrategy extends DefaultHttpRequestRetryStrategy {

			IoOnlyRetryStrategy() {
				super(1, TimeValue.ZERO_MILLISECONDS);
			}

			@Override
			public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
				return false;
			}

		}

	}

}
