package dev.platform.security.jwt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JOSE header or a JWT claims set, a JSON object, into plain Java values with the streaming parser of
 * Jackson 3, which Spring Boot already brings: no data binding, so verifying a token loads no second JSON stack
 * (java-jwt's own decoder builds a Jackson 2 {@code ObjectMapper}). Objects become unmodifiable {@code Map}s in
 * document order, arrays unmodifiable {@code List}s, numbers {@code Integer}, {@code Long}, {@code BigInteger}
 * or {@code Double} (the smallest that holds them, as Jackson binds {@code Object}), and {@code null} stays
 * {@code null}. A name that occurs twice in one object is rejected (RFC 7515 4 and RFC 7519 4): a token whose
 * {@code sub} means one thing to this parser and another to a different one is not accepted.
 */
final class JsonObjectReader {

	private static final JsonFactory FACTORY = JsonFactory.builder().build();

	private JsonObjectReader() {
	}

	/**
	 * Parses one JSON object and nothing after it.
	 * @param json UTF-8 JSON text
	 * @return the members
	 * @throws IllegalArgumentException when the text is not exactly one JSON object
	 */
	static Map<String, @Nullable Object> read(byte[] json) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("Not a JSON object");
			}
			Map<String, @Nullable Object> object = readObject(parser);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("Content after the JSON object");
			}
			return object;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not valid JSON", ex);
		}
	}

	private static Map<String, @Nullable Object> readObject(JsonParser parser) {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		String name;
		while ((name = parser.nextName()) != null) {
			// Checked here rather than with the parser's STRICT_DUPLICATE_DETECTION, which keeps a set of its own.
			if (members.containsKey(name)) {
				throw new IllegalArgumentException("Duplicate member name");
			}
			members.put(name, readValue(parser, parser.nextToken()));
		}
		return Collections.unmodifiableMap(members);
	}

	private static List<@Nullable Object> readArray(JsonParser parser) {
		List<@Nullable Object> elements = new ArrayList<>();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			elements.add(readValue(parser, token));
		}
		return Collections.unmodifiableList(elements);
	}

	private static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new IllegalArgumentException("Unexpected end of JSON");
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> parser.getNumberValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new IllegalArgumentException("Unexpected JSON token " + token);
		};
	}

}
