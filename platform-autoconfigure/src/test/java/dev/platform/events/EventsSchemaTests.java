package dev.platform.events;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;

class EventsSchemaTests {

	@Test
	void aMissingRecordTableIsTheStartersOnlyWhenTheFailureNamesIt() {
		BadSqlGrammarException ours = new BadSqlGrammarException("insert", "INSERT INTO platform_processed_event ...",
				new SQLException("Table \"PLATFORM_PROCESSED_EVENT\" not found", "42S02"));
		// A handler's own table, failing at the same commit: the event is at fault, not the starter's schema.
		BadSqlGrammarException theirs = new BadSqlGrammarException("flush", "INSERT INTO invoices ...",
				new SQLException("Table \"INVOICES\" not found", "42S02"));
		assertThat(EventsSchema.isMissingTable(ours, EventsSchema.PROCESSED_EVENT_TABLE)).isTrue();
		assertThat(EventsSchema.isMissingTable(theirs, EventsSchema.PROCESSED_EVENT_TABLE)).isFalse();
		assertThat(EventsSchema.isMissingTable(new IllegalStateException("platform_processed_event"),
				EventsSchema.PROCESSED_EVENT_TABLE)).isFalse();
	}

}
