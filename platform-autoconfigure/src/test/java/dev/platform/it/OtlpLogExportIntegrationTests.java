package dev.platform.it;

import java.time.Duration;

import dev.platform.test.OtlpReceiver;
import dev.platform.test.OtlpReceiver.ReceivedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code platform.logging.otlp.enabled=true}, log events reach the OTLP endpoint carrying the trace id
 * of the request that logged them.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=logs-it", "platform.logging.otlp.enabled=true",
				"spring.datasource.url=jdbc:h2:mem:logs-it",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
class OtlpLogExportIntegrationTests {

	static final OtlpReceiver receiver = new OtlpReceiver();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", receiver::tracesUrl);
		registry.add("management.opentelemetry.logging.export.otlp.endpoint", () -> receiver.baseUrl() + "/v1/logs");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void logEventsAreExportedWithTheRequestsTraceId() {
		String traceId = "66666666666666666666666666666666";
		Http.get("http://127.0.0.1:" + this.port + "/hello", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
		ReceivedLog log = await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.logs()
				.stream()
				.filter((candidate) -> candidate.body().equals("hello handled") && candidate.traceId().equals(traceId))
				.findFirst(), java.util.Optional::isPresent)
			.get();
		assertThat(log.resource()).containsEntry("service.name", "logs-it");
	}

}
