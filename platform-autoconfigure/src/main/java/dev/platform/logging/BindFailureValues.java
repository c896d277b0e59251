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
 * and wherever the reason repeats it ({@code For input string: "..."}).
 */
final class BindFailureValues {

	private static final String PROPERTY = "Property: ";

	private static final String VALUE = "Value: ";

	private static final String REASON = "Reason: ";

	private static final Pattern INVALID_VALUE = Pattern
		.compile("(Invalid value ')(.*?)(' for configuration property ')([^'\\s]+)(')", Pattern.DOTALL);

	private BindFailureValues() {
	}

	/** Whether the text may be such a report: the cheap look before {@link #mask}. */
	static boolean mayHold(String text) {
		return text.contains(VALUE) || text.contains("Invalid value '");
	}

	/**
	 * Masks the values of the sensitive properties in the text.
	 * @param text a log message or any other text
	 * @param sensitive whether a property name is a sensitive key
	 * @return the text with those values replaced by {@code ****}, or the text itself if it has none
	 */
	static String mask(String text, Predicate<String> sensitive) {
		String result = maskPropertyBlocks(text, sensitive);
		if (result.contains("Invalid value '")) {
			Matcher invalid = INVALID_VALUE.matcher(result);
			StringBuilder masked = new StringBuilder(result.length());
			boolean found = false;
			while (invalid.find()) {
				if (sensitive.test(invalid.group(4))) {
					found = true;
					invalid.appendReplacement(masked, "$1" + LogMasking.MASK + "$3$4$5");
				}
			}
			if (found) {
				invalid.appendTail(masked);
				result = masked.toString();
			}
		}
		return result;
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

	/** The value again in the block's Reason line (a converter's message quotes what it could not read). */
	private static String maskInReason(String rest, String value) {
		int reason = rest.indexOf(REASON);
		if (reason < 0) {
			return rest;
		}
		return rest.substring(0, reason) + rest.substring(reason).replace(value, LogMasking.MASK);
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	/** The end of the value: the start of the line break before the next Origin or Reason line, or of the block. */
	private static int valueEnd(String text, int valueStart) {
		int line = nextLine(text, lineEnd(text, valueStart));
		while (line >= 0) {
			int content = skipBlanks(text, line);
			if (text.startsWith("Origin: ", content) || text.startsWith(REASON, content)
					|| text.startsWith(PROPERTY, content) || content == lineEnd(text, content)) {
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
