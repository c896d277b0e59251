package dev.platform.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Spring's JSON converter, reading with Jackson's duplicate detection ({@code StreamReadFeature.STRICT_DUPLICATE_DETECTION})
 * on: a body with a key twice in one object fails to read, and {@link PlatformProblemDetailsExceptionHandler} names
 * the key in the 400. Writing is Spring's.
 */
final class DuplicateKeyRejectingJsonConverter extends JacksonJsonHttpMessageConverter {

	DuplicateKeyRejectingJsonConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	protected ObjectReader customizeReader(ObjectReader reader, JavaType javaType) {
		return super.customizeReader(reader, javaType).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

}
