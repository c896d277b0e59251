package dev.platform.clients;

import java.io.IOException;
import java.net.InetAddress;

import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A downstream behind a certificate of an internal CA: the clients are built on Boot's HTTP client settings, so
 * {@code spring.http.clients.ssl.bundle} (an SSL bundle trusting that CA) reaches them, with each client's own
 * timeouts on top; {@code platform.clients.<name>.ssl-bundle} gives one client a bundle of its own.
 */
class ClientsTlsTests {

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("platform test CA")
		.build();

	private final MockWebServer server = tlsServer(this.ca);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class))
		.withPropertyValues("platform.clients.inventory.url=https://localhost:" + this.server.getPort(),
				"platform.clients.inventory.retry.max-attempts=1");

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aClientTrustsTheCertificatesOfBootsHttpClientSslBundle() {
		this.server.enqueue(Stubs.ok("{\"sku\":\"a-1\"}"));
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.internal.truststore.certificate=" + this.ca.certificatePem(),
					"spring.http.clients.ssl.bundle=internal")
			.run((context) -> {
				RestClient inventory = context.getBean("inventoryRestClient", RestClient.class);
				assertThat(inventory.get().uri("/items/a-1").retrieve().body(String.class))
					.isEqualTo("{\"sku\":\"a-1\"}");
			});
	}

	@Test
	void aClientTrustsTheCertificatesOfItsOwnSslBundle() {
		this.server.enqueue(Stubs.ok("{\"sku\":\"a-1\"}"));
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.inventory-ca.truststore.certificate=" + this.ca.certificatePem(),
					"platform.clients.inventory.ssl-bundle=inventory-ca")
			.run((context) -> {
				RestClient inventory = context.getBean("inventoryRestClient", RestClient.class);
				assertThat(inventory.get().uri("/items/a-1").retrieve().body(String.class))
					.isEqualTo("{\"sku\":\"a-1\"}");
			});
	}

	@Test
	void aClientNamingAnSslBundleThatDoesNotExistFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("platform.clients.inventory.ssl-bundle=inventroy-ca")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(ClientConfigurationException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("platform.clients.inventory.ssl-bundle");
					assertThat(ex.getMessage()).contains("'inventroy-ca'", "spring.ssl.bundle");
				}));
	}

	@Test
	void withoutTheBundleTheHandshakeFailsAsAnUnavailableDownstream() {
		this.server.enqueue(Stubs.ok("{\"sku\":\"a-1\"}"));
		this.runner.run((context) -> {
			RestClient inventory = context.getBean("inventoryRestClient", RestClient.class);
			assertThatExceptionOfType(DownstreamUnavailableException.class)
				.isThrownBy(() -> inventory.get().uri("/items/a-1").retrieve().body(String.class));
		});
	}

	private static MockWebServer tlsServer(HeldCertificate ca) {
		HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
			.signedBy(ca)
			.build();
		HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
		MockWebServer mock = new MockWebServer();
		mock.useHttps(server.sslSocketFactory());
		try {
			mock.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return mock;
	}

}
