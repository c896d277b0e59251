package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Boot's template and listener observations off, the relay and the consumer restore the stored trace context
 * themselves.
 */
class TraceWithoutListenerObservationTests {

	@Test
	void consumerStillJoinsTheProducersTrace() {
		int port = EventsTestSupport.freePort();
		List<String> properties = new ArrayList<>(
				EventsTestSupport.properties(EventsTestSupport.h2MemoryUrl(), port));
		properties.removeIf((property) -> property.contains("observation-enabled"));
		properties.add("spring.rabbitmq.template.observation-enabled=false");
		properties.add("spring.rabbitmq.listener.simple.observation-enabled=false");
		properties.add("platform.events.embedded-broker.enabled=true");
		properties.add("platform.events.embedded-broker.port=" + port);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EventsTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run()) {
			Tracer tracer = context.getBean(Tracer.class);
			Events events = context.getBean(Events.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Span request = tracer.nextSpan().name("POST /orders").start();
			UUID id;
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				id = context.getBean(TransactionTemplate.class)
					.execute((status) -> events.publish("order.created", "order-9", Map.of("total", 9)));
			}
			finally {
				request.end();
			}
			String traceId = await().atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.queryForList("SELECT trace_id FROM test_effect WHERE event_id = ?", String.class, id),
						(rows) -> rows.size() == 1)
				.get(0);
			assertThat(traceId).isEqualTo(request.context().traceId());
		}
	}

}
