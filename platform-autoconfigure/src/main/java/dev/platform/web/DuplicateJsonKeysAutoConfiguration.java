package dev.platform.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * JSON with a key twice in one object ({@code {"amount": 1, "amount": 1000}}) is refused instead of read with the
 * last value winning ({@code platform.web.reject-duplicate-json-keys}): RFC 8259 leaves its meaning open, a proxy,
 * a signature check or another service may have read the first value, and the client gets a 400 that names the
 * key instead. Set on Boot's {@code JsonMapper}, so it holds for request bodies and for everything else read with
 * it, the platform clients' responses included.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnClass({ JsonMapper.class, JsonMapperBuilderCustomizer.class })
@ConditionalOnBooleanProperty(name = "platform.web.reject-duplicate-json-keys", matchIfMissing = true)
public final class DuplicateJsonKeysAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "rejectDuplicateJsonKeysCustomizer")
	JsonMapperBuilderCustomizer rejectDuplicateJsonKeysCustomizer() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

}
