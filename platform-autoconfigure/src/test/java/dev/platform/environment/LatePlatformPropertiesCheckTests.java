package dev.platform.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.platform.clients.ClientsAutoConfiguration;
import dev.platform.clients.ClientsResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @PropertySource} files are read after the environment post-processors ran: their {@code platform.*} names
 * are checked before any bean is created.
 */
@ExtendWith(OutputCaptureExtension.class)
class LatePlatformPropertiesCheckTests {

	@Test
	void aMisspeltKeyInAPropertySourceOnTheClassPathFailsStartupNamingIt() {
		assertThatExceptionOfType(UnknownPlatformPropertiesException.class)
			.isThrownBy(() -> start(MisspeltOnClassPath.class).close())
			.satisfies((ex) -> assertThat(ex.getDescriptions()).singleElement()
				.asString()
				.startsWith("'platform.clients.users.read-timout' (")
				.contains("class path resource [dev/platform/environment/misspelt-client.properties]")
				.endsWith("did you mean 'platform.clients.users.read-timeout'?"));
	}

	@Test
	void aMisspeltClientKeyIsNamedBeforeTheClientsAreRegistered() {
		// The client registrar reads the clients as a registry post-processor too: it would fail first, on the
		// missing url, without saying that 'uri' was meant for it.
		assertThatExceptionOfType(UnknownPlatformPropertiesException.class)
			.isThrownBy(() -> start(MisspeltClientUrl.class).close())
			.satisfies((ex) -> assertThat(ex.getDescriptions()).singleElement()
				.asString()
				.startsWith("'platform.clients.users.uri' (")
				.endsWith("did you mean 'platform.clients.users.url'?"));
	}

	@Test
	void knownKeysInAPropertySourceStart() {
		try (ConfigurableApplicationContext context = start(KnownOnClassPath.class)) {
			assertThat(context.getEnvironment().getProperty("platform.clients.users.read-timeout")).isEqualTo("5s");
		}
	}

	@Test
	void aMisspeltKeyInAFileOutsideTheApplicationOnlyWarns(CapturedOutput output) throws Exception {
		Path file = this.directory.resolve("outside.properties");
		Files.writeString(file, "platform.web.trace-id-heder=X-Trace\n");
		try (ConfigurableApplicationContext context = start(OutsideTheApplication.class,
				"--outside.file=file:" + file.toAbsolutePath())) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output).contains("Unknown property, without effect: "
						+ "'platform.web.trace-id-heder'").contains("did you mean 'platform.web.trace-id-header'?"));
		}
	}

	@Test
	void whatTheEnvironmentCheckSawIsNotReportedAgain(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(KnownOnClassPath.class,
				"--platform.fail-on-unknown-properties=false", "--platform.web.trace-id-hedder=X")) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output).contains("'platform.web.trace-id-hedder'"));
			assertThat(output.toString().split("'platform.web.trace-id-hedder'", -1)).hasSize(2);
		}
	}

	@TempDir
	Path directory;

	private static ConfigurableApplicationContext start(Class<?> configuration, String... args) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("spring.application.name=late-check", "spring.main.banner-mode=off")
			.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@PropertySource("classpath:dev/platform/environment/misspelt-client.properties")
	static class MisspeltOnClassPath {

	}

	@Configuration(proxyBeanMethods = false)
	@PropertySource("classpath:dev/platform/environment/misspelt-client-url.properties")
	@ImportAutoConfiguration({ ClientsResilienceAutoConfiguration.class, ClientsAutoConfiguration.class })
	static class MisspeltClientUrl {

	}

	@Configuration(proxyBeanMethods = false)
	@PropertySource("classpath:dev/platform/environment/client.properties")
	static class KnownOnClassPath {

	}

	@Configuration(proxyBeanMethods = false)
	@PropertySource("${outside.file}")
	static class OutsideTheApplication {

	}

}
