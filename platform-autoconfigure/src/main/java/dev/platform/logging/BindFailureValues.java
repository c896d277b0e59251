package dev.platform.logging;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values Boot's failure reports print for a property that failed to bind or validate, masked when the
 * property's name is a sensitive key. A bind or validation failure ({@code BindFailureAnalyzer},
 * {@code BindValidationFailureAnalyzer}) lists each property as
 *
 * <pre>
 *     Property: spring.datasource.password
 *     Value: "the value"
 *     Origin: ...
 *     Reason: ... the value, when the converter quotes it ...
 * </pre>
 *
 * and an invalid value ({@code InvalidConfigurationPropertyValueFailureAnalyzer}) as {@code Invalid value 'the value'
 * for configuration property 'name'}. No {@code key=value} pattern catches these: the name and the value are on
 * different lines, or the name follows the value. The value is masked on its line, which may be several (a PEM key),
 * and wherever the reason quotes it ({@code For input string: "..."}). An invalid value's report also lists the
 * other sources that set the property ({@code - In 'source' with the value '...'}): those values are masked too.
 */
final class BindFailureValues {

	private static final String PROPERTY = "Property: ";

	private static final String VALUE = "Value: ";

	private static final String REASON = "Reason: ";

	private static final String INVALID = "Invalid value '";

	private static final Pattern INVALID_VALUE = Pattern
		.compile("(Invalid value ')(.*?)(' for configuration property ')([^'\\s]+)(')", Pattern.DOTALL);

	/** The same property set in another source, listed after the first: {@code - In 'source' with the value 'v'.} */
	private static final Pattern OTHER_SOURCE_VALUE = Pattern
		.compile("(with the value ')(.*?)('(?: \\(originating from '.*?'\\))?\\.)$", Pattern.MULTILINE);

	private BindFailureValues() {
	}

	/**
	 * Whether the text may be such a report: the cheap look before {@link #mask}.
	 * @param text the text
	 * @param hasSeparator whether it has a {@code :} or {@code =} (known already, so the property block's look is
	 * skipped for most texts)
	 * @return whether {@link #mask} may find something
	 */
	static boolean mayHold(String text, boolean hasSeparator) {
		return (hasSeparator && text.contains(PROPERTY)) || text.contains(INVALID);
	}

	/**
	 * Masks the values of the sensitive properties in the text.
	 * @param text a log message or any other text
	 * @param sensitive whether a property name is a sensitive key
	 * @return the text with those values replaced by {@code ****}, or the text itself if it has none
	 */
	static String mask(String text, Predicate<String> sensitive) {
		String result = text.contains(PROPERTY) ? maskPropertyBlocks(text, sensitive) : text;
		return result.contains(INVALID) ? maskInvalidValue(result, sensitive) : result;
	}

	/**
	 * The report of one property's invalid value: its value, the values other sources give it, and the value
	 * wherever the reason quotes it.
	 */
	private static String maskInvalidValue(String text, Predicate<String> sensitive) {
		Matcher invalid = INVALID_VALUE.matcher(text);
		if (!invalid.find() || !sensitive.test(invalid.group(4))) {
			return text;
		}
		String value = invalid.group(2);
		String result = text.substring(0, invalid.start(2)) + LogMasking.MASK + text.substring(invalid.end(2));
		result = OTHER_SOURCE_VALUE.matcher(result).replaceAll("$1" + LogMasking.MASK + "$3");
		return value.isEmpty() ? result : maskQuoted(result, value);
	}

	/** The value where a text quotes it, in single or double quotes. */
	private static String maskQuoted(String text, String value) {
		return text.replace("'" + value + "'", "'" + LogMasking.MASK + "'")
			.replace("\"" + value + "\"", "\"" + LogMasking.MASK + "\"");
	}

	private static String maskPropertyBlocks(String text, Predicate<String> sensitive) {
		StringBuilder masked = null;
		int copied = 0;
		for (int property = text.indexOf(PROPERTY); property >= 0; property = text.indexOf(PROPERTY, property + 1)) {
			int nameEnd = lineEnd(text, property);
			String name = text.substring(property + PROPERTY.length(), nameEnd).strip();
			int valueLine = nextLine(text, nameEnd);
			if (valueLine < 0 || !sensitive.test(name) || !text.startsWith(VALUE, skipBlanks(text, valueLine))) {
				continue;
			}
			int valueStart = skipBlanks(text, valueLine) + VALUE.length();
			// The value runs to the Origin or Reason line: a PEM key spans lines of its own.
			int valueEnd = valueEnd(text, valueStart);
			String value = unquote(text.substring(valueStart, valueEnd).strip());
			int blockEnd = blockEnd(text, valueEnd);
			if (masked == null) {
				masked = new StringBuilder(text.length());
			}
			masked.append(text, copied, valueStart).append('"').append(LogMasking.MASK).append('"');
			String rest = text.substring(valueEnd, blockEnd);
			masked.append(value.isEmpty() ? rest : maskInReason(rest, value));
			copied = blockEnd;
			property = blockEnd - 1;
		}
		if (masked == null) {
			return text;
		}
		return masked.append(text, copied, text.length()).toString();
	}

	/**
	 * The value again in the block's Reason line, where a converter's message quotes what it could not read
	 * ({@code For input string: "..."}, {@code '...' is not a valid duration}). Only quoted: a short value would
	 * otherwise take digits out of the reason's own numbers.
	 */
	private static String maskInReason(String rest, String value) {
		int reason = rest.indexOf(REASON);
		if (reason < 0) {
			return rest;
		}
		return rest.substring(0, reason) + maskQuoted(rest.substring(reason), value);
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	/**
	 * The end of the value: the line break before the next Origin, Reason or Property line, or the end of the text.
	 * Not a blank line: a value may hold one, and Boot's report always has a Reason line after it.
	 */
	private static int valueEnd(String text, int valueStart) {
		int line = nextLine(text, lineEnd(text, valueStart));
		while (line >= 0) {
			int content = skipBlanks(text, line);
			if (text.startsWith("Origin: ", content) || text.startsWith(REASON, content)
					|| text.startsWith(PROPERTY, content)) {
				return lineBreakBefore(text, line);
			}
			line = nextLine(text, lineEnd(text, line));
		}
		return text.length();
	}

	/** The end of the property's block: the next blank line, the next property, or the end of the text. */
	private static int blockEnd(String text, int from) {
		int line = nextLine(text, lineEnd(text, from));
		while (line >= 0) {
			int content = skipBlanks(text, line);
			if (text.startsWith(PROPERTY, content) || content == lineEnd(text, content)) {
				return lineBreakBefore(text, line);
			}
			line = nextLine(text, lineEnd(text, line));
		}
		return text.length();
	}

	private static int lineEnd(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				return i;
			}
		}
		return text.length();
	}

	/** The start of the line after the line break at {@code lineEnd}, or -1 at the end of the text. */
	private static int nextLine(String text, int lineEnd) {
		if (lineEnd >= text.length()) {
			return -1;
		}
		int next = lineEnd + 1;
		if (text.charAt(lineEnd) == '\r' && next < text.length() && text.charAt(next) == '\n') {
			next++;
		}
		return next;
	}

	private static int lineBreakBefore(String text, int lineStart) {
		int end = lineStart - 1;
		if (end > 0 && text.charAt(end) == '\n' && text.charAt(end - 1) == '\r') {
			end--;
		}
		return end;
	}

	private static int skipBlanks(String text, int from) {
		int i = from;
		while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

}
