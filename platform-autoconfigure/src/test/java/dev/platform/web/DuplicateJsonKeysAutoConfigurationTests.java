package dev.platform.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DuplicateJsonKeysAutoConfigurationTests {

	private static final String TWICE = "{\"amount\": 1, \"amount\": 1000}";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DuplicateJsonKeysAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void bootsJsonMapperRefusesAKeyTwice() {
		this.runner.run((context) -> assertThatExceptionOfType(StreamReadException.class)
			.isThrownBy(() -> context.getBean(JsonMapper.class).readValue(TWICE, Map.class))
			.withMessageContaining("Duplicate Object property \"amount\""));
	}

	@Test
	void theLastValueWinsWhenSwitchedOff() {
		this.runner.withPropertyValues("platform.web.reject-duplicate-json-keys=false")
			.run((context) -> assertThat(context.getBean(JsonMapper.class).readValue(TWICE, Map.class))
				.containsEntry("amount", 1000));
	}

	@Test
	void backsOffForTheApplicationsCustomizerOfTheSameName() {
		this.runner.withBean("rejectDuplicateJsonKeysCustomizer", JsonMapperBuilderCustomizer.class, () -> (builder) -> {
		}).run((context) -> assertThat(context.getBean(JsonMapper.class).readValue(TWICE, Map.class))
			.containsEntry("amount", 1000));
	}

	@Test
	void leavesANonWebApplicationsMapperAlone() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DuplicateJsonKeysAutoConfiguration.class,
					JacksonAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(JsonMapper.class).readValue(TWICE, Map.class))
				.containsEntry("amount", 1000));
	}

}
