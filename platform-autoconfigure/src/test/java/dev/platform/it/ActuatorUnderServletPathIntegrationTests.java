package dev.platform.it;

import dev.platform.test.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.mvc.servlet.path} set, the actuator is served under the DispatcherServlet's path; its
 * requests still make no spans and no request metrics.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=servlet-path-it", "spring.mvc.servlet.path=/api",
				"spring.datasource.url=jdbc:h2:mem:servlet-path-it",
				"management.opentelemetry.tracing.export.schedule-delay=100ms",
				"management.health.rabbit.enabled=false" })
class ActuatorUnderServletPathIntegrationTests {

	static final OtlpReceiver receiver = new OtlpReceiver();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void actuatorRequestsUnderTheServletPathProduceNoSpansAndNoRequestMetrics() {
		String actuatorTrace = "44444444444444444444444444444444";
		assertThat(Http.get(url("/api/actuator/health"), "traceparent", "00-" + actuatorTrace + "-b7ad6b7169203331-01")
			.statusCode()).isEqualTo(200);
		// An application request under the same servlet path is still traced: the marker that the exporter has run.
		String marker = "55555555555555555555555555555555";
		assertThat(Http.get(url("/api/hello"), "traceparent", "00-" + marker + "-b7ad6b7169203331-01").statusCode())
			.isEqualTo(200);
		await().until(() -> receiver.spans().stream().anyMatch((span) -> span.traceId().equals(marker)));
		assertThat(receiver.spans()).noneMatch((span) -> span.traceId().equals(actuatorTrace));
		String scrape = Http.get(url("/api/actuator/prometheus")).body();
		assertThat(scrape).contains("uri=\"/hello\"").doesNotContain("uri=\"/actuator/health\"");
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
