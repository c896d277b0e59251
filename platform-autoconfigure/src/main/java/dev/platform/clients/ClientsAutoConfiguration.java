package dev.platform.clients;

import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * One resilient {@link RestClient} per downstream configured under {@code platform.clients.<name>}, built from
 * Boot's {@code RestClient.Builder} so its observation (timers, trace propagation) and customizers apply.
 */
// Deliberately not ordered after Boot's RestClient auto-configurations: nothing here is conditional on their
// beans (the builder is looked up when the clients are created), and declaring the order would pull Boot's
// restclient observation configuration ahead of the ObservationRegistry it is conditional on.
@AutoConfiguration(after = ClientsResilienceAutoConfiguration.class)
@ConditionalOnClass({ RestClient.class, ClientHttpRequestFactoryBuilder.class, CircuitBreakerRegistry.class })
@ConditionalOnBean({ CircuitBreakerRegistry.class, RetryRegistry.class, BulkheadRegistry.class,
		RateLimiterRegistry.class })
@EnableConfigurationProperties(PlatformClientsProperties.class)
public final class ClientsAutoConfiguration {

	private static final String OBSERVATION_NAME = "management.observations.http.client.requests.name";

	@Bean
	static DownstreamClientBeanRegistrar downstreamClientBeanRegistrar() {
		return new DownstreamClientBeanRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	DownstreamClientConfigurer downstreamClientConfigurer(Environment environment, ResourceLoader resourceLoader,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactories, CircuitBreakerRegistry breakers,
			RetryRegistry retries, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters,
			ObjectProvider<OutboundTokenSource> tokenSource, ObjectProvider<DownstreamClientCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<HttpClientSettings> httpClientSettings,
			ObjectProvider<SslBundles> sslBundles) {
		Map<String, ClientProperties> clients = DownstreamClientBeanRegistrar.enabledClients(environment);
		return new DownstreamClientConfigurer(clients,
				requestFactories.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
				httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles.getIfAvailable(),
				(name) -> DownstreamResilience.create(name, clients.get(name), breakers, retries, bulkheads,
						rateLimiters),
				tokenSource.getIfAvailable(), environment.getProperty(OBSERVATION_NAME, "http.client.requests"),
				customizers.orderedStream().toList(), observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	DownstreamClients downstreamClients(DownstreamClientConfigurer configurer,
			ObjectProvider<RestClient.Builder> builders) {
		return new DownstreamClients(configurer, () -> builders.getIfAvailable(RestClient::builder));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DownstreamHttpServiceGroupConfigurer downstreamHttpServiceGroupConfigurer(
				DownstreamClientConfigurer configurer) {
			return new DownstreamHttpServiceGroupConfigurer(configurer);
		}

	}

}
