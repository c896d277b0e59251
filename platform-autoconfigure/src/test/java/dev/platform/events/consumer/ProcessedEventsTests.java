package dev.platform.events.consumer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.platform.events.EventsH2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessedEventsTests {

	private JdbcTemplate jdbc;

	private ProcessedEvents processedEvents;

	@BeforeEach
	void createSchema() {
		this.jdbc = new JdbcTemplate(EventsH2.withSchema("processed"));
		this.processedEvents = new ProcessedEvents(this.jdbc);
	}

	@Test
	void recordsAnEventOnce() {
		UUID id = UUID.randomUUID();
		assertThat(this.processedEvents.record("billing", id, Instant.now())).isTrue();
		assertThat(this.processedEvents.record("billing", id, Instant.now())).isFalse();
		assertThat(this.processedEvents.record("shipping", id, Instant.now())).isTrue();
	}

	@Test
	void deletesAtMostTheLimitOfTheConsumersRecordsOlderThanTheCutOff() {
		Instant old = Instant.now().minus(8, ChronoUnit.DAYS);
		List<UUID> billingOld = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			UUID id = UUID.randomUUID();
			billingOld.add(id);
			this.processedEvents.record("billing", id, old);
		}
		UUID billingRecent = UUID.randomUUID();
		this.processedEvents.record("billing", billingRecent, Instant.now());
		UUID shippingOld = UUID.randomUUID();
		this.processedEvents.record("shipping", shippingOld, old);
		Instant cutOff = Instant.now().minus(7, ChronoUnit.DAYS);
		assertThat(this.processedEvents.deleteProcessedBefore("billing", cutOff, 2)).isEqualTo(2);
		assertThat(this.processedEvents.deleteProcessedBefore("billing", cutOff, 2)).isEqualTo(2);
		assertThat(this.processedEvents.deleteProcessedBefore("billing", cutOff, 2)).isEqualTo(1);
		assertThat(this.processedEvents.deleteProcessedBefore("billing", cutOff, 2)).isZero();
		assertThat(this.jdbc.queryForList("SELECT event_id FROM platform_processed_event WHERE consumer = 'billing'",
				UUID.class)).containsExactly(billingRecent);
		assertThat(this.jdbc.queryForList("SELECT event_id FROM platform_processed_event WHERE consumer = 'shipping'",
				UUID.class)).containsExactly(shippingOld);
	}

}
