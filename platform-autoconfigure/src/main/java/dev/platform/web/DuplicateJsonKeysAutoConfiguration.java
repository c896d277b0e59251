package dev.platform.web;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A request body with a key twice in one object ({@code {"amount": 1, "amount": 1000}}) is refused with 400 instead
 * of read with the last value winning ({@code platform.web.reject-duplicate-json-keys}): RFC 8259 leaves its meaning
 * open, and a proxy, a signature check or another service may have read the first value. Only Spring MVC's JSON
 * converter of request bodies reads this way (each is replaced by {@link DuplicateKeyRejectingJsonConverter} over
 * the same {@code JsonMapper}); Boot's {@code JsonMapper} itself, and so the events, the platform clients' responses
 * and anything else the application reads with it, are left as they are.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ JsonMapper.class, JacksonJsonHttpMessageConverter.class, WebMvcConfigurer.class })
@ConditionalOnBooleanProperty(name = "platform.web.reject-duplicate-json-keys", matchIfMissing = true)
public final class DuplicateJsonKeysAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "duplicateJsonKeysWebMvcConfigurer")
	WebMvcConfigurer duplicateJsonKeysWebMvcConfigurer() {
		return new WebMvcConfigurer() {

			@Override
			public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
				// Only Spring's own converter: a subclass of the application's has reasons of its own.
				converters.replaceAll((converter) -> (converter.getClass() == JacksonJsonHttpMessageConverter.class)
						? new DuplicateKeyRejectingJsonConverter(((JacksonJsonHttpMessageConverter) converter).getMapper())
						: converter);
			}

		};
	}

}
