package dev.platform.events.consumer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessedEventsTests {

	private JdbcTemplate jdbc;

	private ProcessedEvents processedEvents;

	@BeforeEach
	void createSchema() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:processed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		new ResourceDatabasePopulator(new ClassPathResource("db/platform/events/h2/R__platform_events.sql"))
			.execute(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
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
