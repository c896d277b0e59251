package dev.platform.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.platform.test.OtlpReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector that refuses connections, answers 503 or hangs never fails a request; the spans it costs are
 * counted.
 */
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

	private static ConfigurableApplicationContext start(String tracesUrl) {
		SpringApplication application = new SpringApplication(ObservabilityTestApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		return application.run("--server.port=0", "--spring.application.name=faults-it",
				"--spring.datasource.url=jdbc:h2:mem:faults-" + System.nanoTime(),
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + tracesUrl,
				"--management.opentelemetry.tracing.export.otlp.timeout=2s",
				"--management.opentelemetry.tracing.export.otlp.connect-timeout=1s",
				"--management.opentelemetry.tracing.export.schedule-delay=50ms",
				"--management.opentelemetry.tracing.export.max-queue-size=16",
				"--management.opentelemetry.tracing.export.max-batch-size=4");
	}

}
