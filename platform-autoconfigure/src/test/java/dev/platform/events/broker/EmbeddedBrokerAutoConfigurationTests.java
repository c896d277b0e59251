package dev.platform.events.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.platform.StartupFailures;
import dev.platform.events.EventsConfigurationException;
import dev.platform.test.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class EmbeddedBrokerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedBrokerAutoConfiguration.class));

	@Test
	void isOffByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedQpidBroker.class));
	}

	@Test
	void failsStartupSayingWhatToAddWhenEnabledWithoutQpid() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.qpid."))
			.withPropertyValues("platform.events.embedded-broker.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(dev.platform.events.EventsConfigurationException.class)
				.hasMessageContaining("'platform.events.embedded-broker.enabled'")
				.hasMessageContaining("qpid-broker-core"));
	}

	@Test
	void startsABrokerOnLoopbackWhenEnabled() throws Exception {
		int brokerPort = freePort();
		this.runner
			.withPropertyValues("platform.events.embedded-broker.enabled=true",
					"platform.events.embedded-broker.port=" + brokerPort)
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddedQpidBroker.class);
				assertThatCode(() -> {
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 2000);
					}
				}).doesNotThrowAnyException();
			});
	}

	@Test
	void failsStartupNamingThePortWhenAnotherProcessListensOnIt() throws Exception {
		Path temp = Path.of(System.getProperty("java.io.tmpdir"));
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			List<Path> before = workDirectories(temp);
			this.runner
				.withPropertyValues("platform.events.embedded-broker.enabled=true",
						"platform.events.embedded-broker.port=" + taken.getLocalPort())
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(EventsConfigurationException.class)
					.hasMessageContaining("platform.events.embedded-broker.port")
					.hasMessageContaining("already listens on"));
			assertThat(workDirectories(temp)).containsExactlyInAnyOrderElementsOf(before);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0, 70000 })
	void failsStartupNamingAPortOutsideTheRange(int port) {
		// 0 would let the broker pick a port that spring.rabbitmq.port cannot know.
		this.runner
			.withPropertyValues("platform.events.embedded-broker.enabled=true",
					"platform.events.embedded-broker.port=" + port)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(StartupFailures.describe(context.getStartupFailure())).contains("platform.events.embedded-broker.port")
					.contains("must be between 1 and 65535");
			});
	}

	private static List<Path> workDirectories(Path temp) throws IOException {
		try (Stream<Path> paths = Files.list(temp)) {
			return paths.filter((path) -> path.getFileName().toString().startsWith("platform-qpid")).toList();
		}
	}

	@Test
	void backsOffWhenTheUserDefinesABroker() throws Exception {
		EmbeddedBrokerProperties properties = new EmbeddedBrokerProperties();
		properties.setPort(freePort());
		this.runner.withPropertyValues("platform.events.embedded-broker.enabled=true")
			.withBean("userBroker", EmbeddedQpidBroker.class, () -> new EmbeddedQpidBroker(properties))
			.run((context) -> assertThat(context).hasSingleBean(EmbeddedQpidBroker.class).hasBean("userBroker"));
	}

	private static int freePort() {
		return FreePorts.next();
	}

}
