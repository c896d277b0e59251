package dev.platform.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.platform.test.OtlpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector that refuses connections, answers 503 or hangs never fails a request; the spans it costs are
 * counted, the outage is reported once, and the shutdown does not wait for it.
 */
@ExtendWith(OutputCaptureExtension.class)
class CollectorFaultsIntegrationTests {

	static final int REQUESTS = 200;

	@Test
	void refusedConnectionsFailExportsButNotRequests() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext context = start("http://127.0.0.1:" + closedPort + "/v1/traces")) {
			assertRequestsSucceed(context);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(counter(context, "platform_otel_spans_exported_total",
						"outcome=\"failure\"")).isPositive());
		}
	}

	@Test
	void unavailableCollectorFailsExportsButNotRequests() {
		try (OtlpReceiver receiver = new OtlpReceiver().mode(OtlpReceiver.Mode.UNAVAILABLE);
				ConfigurableApplicationContext context = start(receiver.tracesUrl())) {
			assertRequestsSucceed(context);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(counter(context, "platform_otel_spans_exported_total",
						"outcome=\"failure\"")).isPositive());
			assertThat(receiver.requests()).isPositive();
		}
	}

	@Test
	void hangingCollectorDropsSpansButNotRequests() {
		try (OtlpReceiver receiver = new OtlpReceiver().mode(OtlpReceiver.Mode.HANG);
				ConfigurableApplicationContext context = start(receiver.tracesUrl())) {
			assertRequestsSucceed(context);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(counter(context, "platform_otel_spans_dropped_total", ""))
					.isPositive());
		}
	}

	@Test
	void outageIsReportedOnceAndShutdownDoesNotRetryTheCollector(CapturedOutput output) {
		try (OtlpReceiver receiver = new OtlpReceiver().mode(OtlpReceiver.Mode.UNAVAILABLE)) {
			// The exporter's own timeout (10 s) and retries (five attempts with backoff), as a service has them.
			ConfigurableApplicationContext context = start(receiver.tracesUrl(),
					"--management.opentelemetry.tracing.export.otlp.timeout=10s");
			int beforeClose;
			try {
				assertRequestsSucceed(context);
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(counter(context, "platform_otel_spans_exported_total",
							"outcome=\"failure\"")).isPositive());
				assertRequestsSucceed(context);
				beforeClose = receiver.requests();
			}
			finally {
				context.close();
			}
			// An export in flight may make one more attempt within the shutdown timeout (2 s); the spans left
			// are dropped. Without the bound, each batch left would be tried five times over about 8 s.
			assertThat(receiver.requests() - beforeClose).isLessThanOrEqualTo(2);
			// The JSON console writes asynchronously.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output.getOut()).contains("spans were not exported at shutdown"));
			String log = output.getOut();
			assertThat(log.split("Spans cannot be exported to " + receiver.tracesUrl() + ": HTTP 503", -1))
				.as("one warning for the outage")
				.hasSize(2);
			assertThat(log).doesNotContain("Failed to export spans");
		}
	}

	@Test
	void logExportOutageIsReportedOnceAndShutdownDoesNotWaitForIt(CapturedOutput output) {
		try (OtlpReceiver receiver = new OtlpReceiver().mode(OtlpReceiver.Mode.UNAVAILABLE)) {
			String logsUrl = receiver.baseUrl() + "/v1/logs";
			ConfigurableApplicationContext context = start(receiver.tracesUrl(), "--platform.logging.otlp.enabled=true",
					"--management.opentelemetry.logging.export.otlp.endpoint=" + logsUrl,
					"--management.opentelemetry.logging.export.otlp.timeout=10s",
					"--management.tracing.export.otlp.enabled=false");
			long closing;
			try {
				for (int round = 0; round < 3; round++) {
					assertRequestsSucceed(context);
					LoggerFactory.getLogger(CollectorFaultsIntegrationTests.class).info("round {} served", round);
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(output.getOut())
						.contains("Log records cannot be exported to " + logsUrl + ": HTTP 503"));
				assertRequestsSucceed(context);
				LoggerFactory.getLogger(CollectorFaultsIntegrationTests.class).info("last words");
			}
			finally {
				closing = System.nanoTime();
				context.close();
			}
			// Without the bound, closing waits 10 s for the log export retrying the collector.
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(6));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output.getOut()).contains("log records were not exported at shutdown"));
			String log = output.getOut();
			assertThat(log.split("Log records cannot be exported to " + logsUrl, -1))
				.as("one warning for the outage")
				.hasSize(2);
			assertThat(log).doesNotContain("Failed to export logs");
		}
	}

	@Test
	void aCollectorThatNeverCompletesTheConnectionDoesNotHoldUpShutdown(CapturedOutput output) throws IOException {
		try (UnansweredConnections collector = new UnansweredConnections()) {
			// The exporter's own timeouts, as a service has them (10 s each).
			ConfigurableApplicationContext context = start(collector.tracesUrl(),
					"--management.opentelemetry.tracing.export.otlp.timeout=10s",
					"--management.opentelemetry.tracing.export.otlp.connect-timeout=");
			long closing;
			try {
				assertRequestsSucceed(context);
			}
			finally {
				closing = System.nanoTime();
				context.close();
			}
			// The export in flight is stuck in connect(), which no interrupt ends: the shutdown bound (2 s) gives up on
			// it, and the exporter's daemon thread is left to its connect timeout (10 s) instead of the shutdown.
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(7));
			// ... and it was stuck, not refused or answered: the bound ended it.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output.getOut()).contains("spans were not exported at shutdown",
						"it took longer than the shutdown timeout"));
		}
	}

	/**
	 * A port on loopback whose accept queue is full: the kernel drops further connection attempts, so a client's
	 * connect hangs until its own timeout, as behind a firewall that drops packets.
	 */
	private static final class UnansweredConnections implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> fillers = new ArrayList<>();

		UnansweredConnections() throws IOException {
			this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
			try {
				while (!fill()) {
					if (this.fillers.size() > 64) {
						throw new IllegalStateException("The accept queue never filled up");
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				close();
				throw ex;
			}
		}

		/** One more connection: true once one no longer completes, so the queue is full. */
		private boolean fill() throws IOException {
			Socket socket = new Socket();
			this.fillers.add(socket);
			try {
				socket.connect(this.server.getLocalSocketAddress(), 300);
				return false;
			}
			catch (SocketTimeoutException ex) {
				return true;
			}
		}

		String tracesUrl() {
			return "http://127.0.0.1:" + this.server.getLocalPort() + "/v1/traces";
		}

		@Override
		public void close() throws IOException {
			for (Socket socket : this.fillers) {
				socket.close();
			}
			this.server.close();
		}

	}

	private static void assertRequestsSucceed(ConfigurableApplicationContext context) {
		String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(Http.get(base + "/items/" + i).statusCode()).isEqualTo(200);
		}
	}

	private static double counter(ConfigurableApplicationContext context, String name, String label) {
		String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
		String scrape = Http.get(base + "/actuator/prometheus").body();
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)$")
			.matcher(scrape);
		double sum = 0;
		while (matcher.find()) {
			sum += Double.parseDouble(matcher.group(1));
		}
		return sum;
	}

	private static ConfigurableApplicationContext start(String tracesUrl, String... overrides) {
		SpringApplication application = new SpringApplication(ObservabilityTestApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		String[] defaults = { "--server.port=0", "--spring.application.name=faults-it",
				"--spring.datasource.url=jdbc:h2:mem:faults-" + System.nanoTime(),
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + tracesUrl,
				"--management.opentelemetry.tracing.export.otlp.timeout=2s",
				"--management.opentelemetry.tracing.export.otlp.connect-timeout=1s",
				"--management.opentelemetry.tracing.export.schedule-delay=50ms",
				"--management.opentelemetry.tracing.export.max-queue-size=16",
				"--management.opentelemetry.tracing.export.max-batch-size=4" };
		Map<String, String> args = new LinkedHashMap<>();
		for (String arg : defaults) {
			args.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		for (String arg : overrides) {
			String name = arg.substring(0, arg.indexOf('='));
			if (arg.endsWith("=")) {
				// No value: the property is left to its default.
				args.remove(name);
			}
			else {
				args.put(name, arg);
			}
		}
		return application.run(args.values().toArray(String[]::new));
	}

}
