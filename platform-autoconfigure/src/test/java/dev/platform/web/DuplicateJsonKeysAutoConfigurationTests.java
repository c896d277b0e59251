package dev.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DuplicateJsonKeysAutoConfigurationTests {

	private static final String TWICE = "{\"amount\": 1, \"amount\": 1000}";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DuplicateJsonKeysAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class));

	@Test
	void requestBodiesWithAKeyTwiceAreRefused() {
		this.runner.run((context) -> {
			JacksonJsonHttpMessageConverter converter = jsonConverter(context);
			assertThat(converter).isInstanceOf(DuplicateKeyRejectingJsonConverter.class);
			// The application's mapper, with its settings, still does the reading.
			assertThat(converter.getMapper()).isSameAs(context.getBean(JsonMapper.class));
			assertThatExceptionOfType(HttpMessageNotReadableException.class).isThrownBy(() -> read(converter, TWICE))
				.withStackTraceContaining("Duplicate Object property \"amount\"");
			assertThat(read(converter, "{\"amount\": 1}")).containsEntry("amount", 1);
		});
	}

	@Test
	void bootsJsonMapperIsLeftAsItIs() {
		this.runner.run((context) -> assertThat(context.getBean(JsonMapper.class).readValue(TWICE, Map.class))
			.containsEntry("amount", 1000));
	}

	@Test
	void theLastValueWinsWhenSwitchedOff() {
		this.runner.withPropertyValues("platform.web.reject-duplicate-json-keys=false").run((context) -> {
			JacksonJsonHttpMessageConverter converter = jsonConverter(context);
			assertThat(converter).isNotInstanceOf(DuplicateKeyRejectingJsonConverter.class);
			assertThat(read(converter, TWICE)).containsEntry("amount", 1000);
		});
	}

	@Test
	void needsAServletApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DuplicateJsonKeysAutoConfiguration.class,
					JacksonAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("duplicateJsonKeysWebMvcConfigurer"));
	}

	private static JacksonJsonHttpMessageConverter jsonConverter(ApplicationContext context) {
		for (HttpMessageConverter<?> converter : context.getBean(RequestMappingHandlerAdapter.class)
			.getMessageConverters()) {
			if (converter instanceof JacksonJsonHttpMessageConverter json) {
				return json;
			}
		}
		throw new AssertionError("No JSON converter");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read(JacksonJsonHttpMessageConverter converter, String json) throws Exception {
		MockHttpInputMessage input = new MockHttpInputMessage(json.getBytes(StandardCharsets.UTF_8));
		input.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
		return (Map<String, Object>) converter.read(Map.class, input);
	}

}
