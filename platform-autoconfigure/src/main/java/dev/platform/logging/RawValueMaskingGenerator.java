package dev.platform.logging;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Writes a raw JSON value ({@code StructuredArguments.raw("payload", json)}) through the masking generator instead
 * of past it: the value is parsed and written token by token, so a sensitive field inside it ({@code "password"})
 * and card numbers in its strings are masked like any other. A value that is not one well-formed JSON value is
 * written as a masked string, so the line stays one JSON object.
 */
final class RawValueMaskingGenerator extends JsonGeneratorDelegate {

	private static final JsonFactory FACTORY = new JsonFactory();

	private final LogTextMasker masker;

	RawValueMaskingGenerator(JsonGenerator masking, LogTextMasker masker) {
		// Not delegating the copy methods: copying a parsed value must call this generator's (the masking's) writes.
		super(masking, false);
		this.masker = masker;
	}

	@Override
	public JsonGenerator writeRawValue(String text) {
		if (!copy(text)) {
			writeString(this.masker.mask(text));
		}
		return this;
	}

	@Override
	public JsonGenerator writeRawValue(String text, int offset, int len) {
		return writeRawValue(text.substring(offset, offset + len));
	}

	@Override
	public JsonGenerator writeRawValue(char[] text, int offset, int len) {
		return writeRawValue(new String(text, offset, len));
	}

	/** Copies the one JSON value in the text, or writes nothing and answers false if it is not one. */
	private boolean copy(String text) {
		// Checked before anything is written: a value that fails half way would leave the line broken.
		if (!isOneValue(text)) {
			return false;
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			parser.nextToken();
			// Exact: a decimal keeps its digits rather than going through a double.
			copyCurrentStructureExact(parser);
			return true;
		}
	}

	/** Reads every token, the text of strings and numbers included, as the copy will. */
	private static boolean isOneValue(String text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			if (parser.nextToken() == null) {
				return false;
			}
			int depth = 0;
			do {
				JsonToken token = parser.currentToken();
				if (token.isStructStart()) {
					depth++;
				}
				else if (token.isStructEnd()) {
					depth--;
				}
				else if (token.isScalarValue()) {
					parser.getText();
				}
			}
			while (depth > 0 && parser.nextToken() != null);
			return depth == 0 && parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

}
