package dev.platform.clients;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Graceful degradation with fallbacks, and relaying the caller's bearer token.
 */
class FallbackAndRelayTests {

	private final MockWebServer server = Stubs.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.users.url=" + Stubs.url(this.server),
				"platform.clients.users.retry.max-attempts=1");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void answersTheFallbackValueWhenTheDownstreamFails() {
		this.server.enqueue(Stubs.status(503));
		this.runner.run((context) -> {
			DownstreamClient users = context.getBean(DownstreamClients.class).get("users");
			String name = users.callOrDefault(() -> users.restClient().get().uri("/u").retrieve().body(String.class),
					"anonymous");
			assertThat(name).isEqualTo("anonymous");
		});
	}

	@Test
	void passesTheFailureToAFallbackFunctionWhenTheBreakerIsOpen() {
		this.runner.run((context) -> {
			DownstreamClient users = context.getBean(DownstreamClients.class).get("users");
			context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class).circuitBreaker("users")
				.transitionToOpenState();
			String reason = users.call(() -> users.restClient().get().uri("/u").retrieve().body(String.class),
					(failure) -> ((DownstreamException) failure).getReason());
			assertThat(reason).isEqualTo("circuit_open");
			assertThat(this.server.getRequestCount()).isZero();
		});
	}

	@Test
	void doesNotHideAClientErrorBehindTheFallback() {
		this.server.enqueue(Stubs.status(400));
		this.runner.run((context) -> {
			DownstreamClient users = context.getBean(DownstreamClients.class).get("users");
			assertThatExceptionOfType(HttpClientErrorException.BadRequest.class).isThrownBy(() -> users
				.callOrDefault(() -> users.restClient().get().uri("/u").retrieve().body(String.class), "x"));
		});
	}

	@Test
	void relaysTheBearerTokenWhenEnabledForTheClient() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token")
			.withPropertyValues("platform.clients.users.relay-token=true")
			.run((context) -> {
				context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
					.toBodilessEntity();
				assertThat(this.server.takeRequest().getHeaders().get("Authorization"))
					.isEqualTo("Bearer incoming-token");
			});
	}

	@Test
	void relaysTheTokenToItsOwnDownstreamOnlyNotToAnAbsoluteUrlElsewhere() throws Exception {
		try (MockWebServer elsewhere = Stubs.start()) {
			this.server.enqueue(Stubs.ok("{}"));
			elsewhere.enqueue(Stubs.ok("{}"));
			this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token")
				.withPropertyValues("platform.clients.users.relay-token=true")
				.run((context) -> {
					RestClient client = context.getBean(DownstreamClients.class).get("users").restClient();
					// Its own downstream spelled out in full, then a link to another port, as a response may carry.
					client.get().uri(Stubs.url(this.server) + "/u").retrieve().toBodilessEntity();
					client.get().uri(Stubs.url(elsewhere) + "/next").retrieve().toBodilessEntity();
					assertThat(this.server.takeRequest().getHeaders().get("Authorization"))
						.isEqualTo("Bearer incoming-token");
					assertThat(elsewhere.takeRequest().getHeaders().get("Authorization")).isNull();
				});
		}
	}

	@Test
	void aRelayingClientAnswersARedirectInsteadOfTakingTheTokenToItsTarget() throws Exception {
		try (MockWebServer elsewhere = Stubs.start()) {
			this.server.enqueue(new MockResponse.Builder().code(302)
				.addHeader("Location", Stubs.url(elsewhere) + "/steal")
				.build());
			elsewhere.enqueue(Stubs.ok("{}"));
			this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token")
				.withPropertyValues("platform.clients.users.relay-token=true")
				.run((context) -> {
					RestClient client = context.getBean(DownstreamClients.class).get("users").restClient();
					assertThat(client.get().uri("/u").retrieve().toBodilessEntity().getStatusCode().value())
						.isEqualTo(302);
					assertThat(elsewhere.getRequestCount()).isZero();
				});
		}
	}

	@Test
	void aClientWithoutRelayFollowsRedirectsAsBootSettles() throws Exception {
		try (MockWebServer elsewhere = Stubs.start()) {
			this.server.enqueue(new MockResponse.Builder().code(302)
				.addHeader("Location", Stubs.url(elsewhere) + "/moved")
				.build());
			elsewhere.enqueue(Stubs.ok("{}"));
			this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token").run((context) -> {
				RestClient client = context.getBean(DownstreamClients.class).get("users").restClient();
				assertThat(client.get().uri("/u").retrieve().toBodilessEntity().getStatusCode().value())
					.isEqualTo(200);
				assertThat(elsewhere.takeRequest().getHeaders().get("Authorization")).isNull();
			});
		}
	}

	@Test
	void sendsNoTokenToAClientWithoutRelay() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token").run((context) -> {
			context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
				.toBodilessEntity();
			assertThat(this.server.takeRequest().getHeaders().get("Authorization")).isNull();
		});
	}

	@Test
	void keepsAnAuthorizationHeaderTheCallerSetItself() {
		this.server.enqueue(Stubs.ok("{}"));
		this.runner.withBean(OutboundTokenSource.class, () -> () -> "incoming-token")
			.withPropertyValues("platform.clients.users.relay-token=true")
			.run((context) -> {
				context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u")
					.header("Authorization", "Bearer service-token").retrieve().toBodilessEntity();
				assertThat(this.server.takeRequest().getHeaders().get("Authorization"))
					.isEqualTo("Bearer service-token");
			});
	}

	@Test
	void runsCustomizerInterceptorsOncePerCallOutsideTheRetries() {
		this.server.enqueue(Stubs.status(503));
		this.server.enqueue(Stubs.ok("{}"));
		java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
		DownstreamClientCustomizer customizer = (name, builder) -> builder.requestInterceptor((request, body, next) -> {
			runs.incrementAndGet();
			request.getHeaders().set("X-Caller", "profile-" + name);
			return next.execute(request, body);
		});
		this.runner.withBean(DownstreamClientCustomizer.class, () -> customizer)
			.withPropertyValues("platform.clients.users.retry.max-attempts=2",
					"platform.clients.users.retry.initial-backoff=5ms")
			.run((context) -> {
				context.getBean(DownstreamClients.class).get("users").restClient().get().uri("/u").retrieve()
					.toBodilessEntity();
				assertThat(this.server.getRequestCount()).isEqualTo(2);
				assertThat(runs).hasValue(1);
				assertThat(this.server.takeRequest().getHeaders().get("X-Caller")).isEqualTo("profile-users");
				assertThat(this.server.takeRequest().getHeaders().get("X-Caller")).isEqualTo("profile-users");
			});
	}

}
