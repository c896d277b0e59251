package dev.platform.logging;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import net.logstash.logback.mask.FieldMasker;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamContext;

/**
 * Masks secrets in JSON log events: the value of any field whose name is a sensitive key (case and
 * {@code -}/{@code _} insensitive, at any depth: MDC, key-value pairs, structured arguments), the value
 * after such a key in message text ({@code password=…}, {@code "token": "…"}), bearer tokens, and
 * payment-card-shaped numbers that pass the Luhn check. Configured from {@code platform.logging.mask.*} in
 * the starter's Logback configuration.
 */
public class LogMasking extends MaskingJsonGeneratorDecorator {

	/**
	 * Numbers logged as numbers are taken for cards at 13 to 16 digits only: 64-bit ids and hashes mostly have 18 or
	 * 19, and one in twenty of them would pass for a card, and a masked number becomes a string, which a log index
	 * that maps the field as a number would refuse. Cards of 17 to 19 digits are rare.
	 * @param digits the number as text
	 * @return whether it is masked like text
	 */
	static boolean mayBeCardNumber(String digits) {
		return digits.length() >= 13 && digits.length() <= 16;
	}

	/** Keys masked unless {@code platform.logging.mask.keys} says otherwise. */
	public static final String DEFAULT_KEYS = "password,passwd,pwd,secret,client-secret,token,access-token,"
			+ "refresh-token,id-token,api-key,authorization,proxy-authorization,cookie,set-cookie,"
			+ "card-number,cvv,private-key";

	static final String MASK = "****";

	/** Replacement for {@link #keyValuePattern} and {@link #headerPatterns} matches. */
	static final String KEY_VALUE_REPLACEMENT = "$1$2$3$4" + MASK + "$2$3$4";

	/** Keys whose value is a scheme and a credential: both are masked, whatever the scheme. */
	static final Set<String> CREDENTIAL_KEYS = Set.of("authorization", "proxy-authorization");

	/** Keys whose value is a list of cookies separated by semicolons: all of them are masked. */
	static final Set<String> COOKIE_KEYS = Set.of("cookie", "set-cookie");

	/** An optional scheme ({@code Bearer}, {@code token}, {@code Negotiate}, ...) and one credential. */
	private static final String CREDENTIAL_VALUE = "(?:[A-Za-z][\\w.-]*[ \\t]+)?[^\\s\"',;&}]+";

	/** {@code name=value} pairs joined by semicolons, as in a {@code Cookie} or {@code Set-Cookie} header. */
	private static final String COOKIES_VALUE = "[^\\s\"',;&}]+(?:;[ \\t]*[^\\s\"',;&}]+)*";

	/**
	 * The password in a URL's user info ({@code jdbc:postgresql://app:secret@db/app}, {@code amqp://guest:guest@mq}):
	 * group 1 (up to the colon) and group 2 (the {@code @}) stay.
	 */
	static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"'<>]+:)[^@\\s/\"'<>]+(@)");

	static boolean mayHoldUrlCredentials(String text) {
		int scheme = text.indexOf("://");
		return scheme > 0 && text.indexOf('@', scheme) > 0;
	}

	/** A bearer credential in free text; group 1 (the scheme) stays. */
	static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer )[A-Za-z0-9._~+/-]+=*");

	/**
	 * Top-level fields written by the starter's own providers from values no caller controls (the event's
	 * time, level, logger and thread, the trace ids, the service identity). Value maskers skip them: they
	 * would otherwise run on every event (a timestamp holds {@code :} and 13+ digits, a trace id many digits)
	 * and find nothing. Message, arguments, key-value pairs, other MDC entries and stack traces are masked.
	 */
	static final Set<String> STARTER_FIELDS = Set.of("timestamp", "level", "logger", "thread", "trace_id",
			"span_id", "service", "version", "environment");

	private String keys = DEFAULT_KEYS;

	private boolean cardNumbers = true;

	private @Nullable LogTextMasker textMasker;

	public void setKeys(String keys) {
		this.keys = keys;
	}

	public void setCardNumbers(boolean cardNumbers) {
		this.cardNumbers = cardNumbers;
	}

	@Override
	public synchronized void start() {
		// The rules live in LogTextMasker, which the OTLP export uses too: here they are applied to every string
		// value except the starter's own fields, and to whole values under a sensitive field name.
		LogTextMasker text = LogTextMasker.of(this.keys, this.cardNumbers);
		this.textMasker = text;
		if (text.masksKeys()) {
			addFieldMasker(new KeyFieldMasker(text));
		}
		addValueMasker(callerValues((context, value) -> {
			String original;
			if (value instanceof CharSequence chars) {
				original = chars.toString();
			}
			else if (value instanceof Long || value instanceof BigInteger) {
				// A card number logged as a number (kv("card", 4111111111111111L)) is written as a JSON number;
				// masked, it becomes the string "****".
				original = value.toString();
				if (!mayBeCardNumber(original)) {
					return null;
				}
			}
			else {
				return null;
			}
			String masked = text.mask(original);
			return original.equals(masked) ? null : masked;
		}));
		super.start();
	}

	/**
	 * The masking generator, around which raw JSON values ({@code StructuredArguments.raw}) are parsed and written
	 * through it rather than past it.
	 */
	@Override
	public JsonGenerator decorate(JsonGenerator generator) {
		JsonGenerator masking = super.decorate(generator);
		LogTextMasker text = this.textMasker;
		return (text != null) ? new RawValueMaskingGenerator(masking, text) : masking;
	}

	/** The rules for plain text, once {@linkplain #start() started}. */
	@Nullable LogTextMasker textMasker() {
		return this.textMasker;
	}

	/**
	 * Whether a field, MDC or key-value name is one of the keys, or ends with one ({@code db_password},
	 * {@code X-Api-Key}), in any spelling; {@code tokenCount} or {@code passwordHint} are not.
	 * @param compactKeys the keys, {@linkplain #compact compacted}
	 * @param name the name
	 * @return whether its value is masked whole
	 */
	static boolean isSensitiveKey(Set<String> compactKeys, String name) {
		String compacted = compact(name);
		if (compactKeys.contains(compacted)) {
			return true;
		}
		for (String key : compactKeys) {
			if (compacted.endsWith(key)) {
				return true;
			}
		}
		return false;
	}

	/** The key without separators, so {@code api-key}, {@code api_key} and {@code apiKey} are one key. */
	static String compact(String key) {
		return normalize(key).replace("-", "");
	}

	static String normalize(String key) {
		return key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Matches {@code key=value}, {@code key: value} or {@code "key":"value"}, where key is any sensitive key
	 * spelled with {@code -}, {@code _} or nothing between its words. Group 1 is everything before the value,
	 * which stays. Matching forward (not with a lookbehind at every position) keeps the cost per log line in
	 * microseconds.
	 */
	static @Nullable Pattern keyValuePattern(Set<String> keys) {
		Set<String> words = keys.stream()
			.filter((key) -> !CREDENTIAL_KEYS.contains(key) && !COOKIE_KEYS.contains(key))
			.collect(Collectors.toUnmodifiableSet());
		return words.isEmpty() ? null : keyValuePattern(words, "(?:(?:bearer|basic|digest)\\s+)?(?:(?!%26)[^\\s\"',;&}])+");
	}

	/**
	 * Like {@link #keyValuePattern}, for the keys whose value is a header with more than one word: an
	 * {@code Authorization} with any scheme ({@code token ghp_...}, {@code Negotiate ...}) and a {@code Cookie} with
	 * several cookies. Unquoted, the scheme and the credential, or every cookie, are masked.
	 * @return up to two patterns, none if none of those keys is masked
	 */
	static List<Pattern> headerPatterns(Set<String> keys) {
		List<Pattern> patterns = new ArrayList<>(2);
		Set<String> credentials = keys.stream().filter(CREDENTIAL_KEYS::contains).collect(Collectors.toSet());
		if (!credentials.isEmpty()) {
			patterns.add(keyValuePattern(credentials, CREDENTIAL_VALUE));
		}
		Set<String> cookies = keys.stream().filter(COOKIE_KEYS::contains).collect(Collectors.toSet());
		if (!cookies.isEmpty()) {
			patterns.add(keyValuePattern(cookies, COOKIES_VALUE));
		}
		return patterns;
	}

	/**
	 * A value in escaped quotes, as JSON inside a JSON string has it ({@code \"hunter2\"}); group 4 is the escaped
	 * quote, which stays. Read in escape units, so the inner string's own escapes ({@code \\\"} for a quote in the
	 * password, {@code \\\\} for a backslash) stay inside the value.
	 */
	private static final String ESCAPED_QUOTED_VALUE = "(\\\\\")(?:\\\\\\\\(?:\\\\\"|\\\\\\\\|[^\\\\\"\\r\\n])|\\\\[^\\\\\"\\r\\n]|[^\\\\\"\\r\\n])*(?:\\\\\")?";

	/** What may follow a closing bracket within the same value: {@code {noop}hunter2}, Spring's password prefix. */
	private static final String AFTER_BRACKET = "[^\\s\"',;&]*";

	/**
	 * A JSON object or array, or a map's or list's {@code toString()} ({@code secret={"k":"v"}},
	 * {@code token=[a, b]}), up to its closing bracket and whatever follows it up to a separator
	 * ({@code {noop}hunter2}). One level of nesting is matched; deeper nesting, or a bracket left open, masks the rest
	 * of the line.
	 */
	private static final String BRACKETED_VALUE = "\\{(?:[^{}\\r\\n]|\\{[^{}\\r\\n]*\\})*(?:\\}" + AFTER_BRACKET + "|[^\\r\\n]*)"
			+ "|\\[(?:[^\\[\\]\\r\\n]|\\[[^\\[\\]\\r\\n]*\\])*(?:\\]" + AFTER_BRACKET + "|[^\\r\\n]*)";

	/**
	 * Group 1 is the key and separator, which stay; a quoted value is masked between its quotes, which also stay
	 * (groups 2 and 3), so {@code password="correct horse"} does not leave {@code horse} behind.
	 */
	private static Pattern keyValuePattern(Set<String> keys, String unquotedValue) {
		String alternatives = keys.stream()
			.map((key) -> Pattern.quote(key).replace("-", "\\E[-_]?\\Q"))
			.collect(Collectors.joining("|"));
		// A quote left open (the line was cut) still masks what follows it on the line. The key may close a quote
		// escaped (JSON inside a JSON string: {\"password\":\"...\"}) or URL-encoded (%22), and the separator may
		// be URL-encoded (password%3D... in a URL inside another URL's parameter, where an unquoted value ends at
		// the next encoded &).
		return Pattern.compile("(?i)((?:" + alternatives + ")(?:\\\\?[\"']|%2[27])?\\s{0,3}(?:[=:]|%3[da])\\s{0,3})"
				+ "(?:(\")[^\"\\r\\n]*\"?|(')[^'\\r\\n]*'?|" + ESCAPED_QUOTED_VALUE + "|" + BRACKETED_VALUE + "|"
				+ unquotedValue + ")");
	}

	// Every string field of every log event passes the maskers: a cheap look first spares most of them the regex.

	/** A {@code =}, {@code :} or {@code %} (a URL-encoded separator), in one pass. */
	static boolean mayHoldKeyValue(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '=' || c == ':' || c == '%') {
				return true;
			}
		}
		return false;
	}

	static boolean mayHoldBearer(CharSequence text) {
		// Without a lower-case copy of every value: this runs on every string of every event.
		String value = text.toString();
		for (int i = value.indexOf(' ', 6); i > 0 && i < value.length() - 1; i = value.indexOf(' ', i + 1)) {
			if (value.regionMatches(true, i - 6, "bearer", 0, 6)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the text has 13 digits in a row, single spaces or dashes allowed between them: what every card
	 * number the masker looks for has. Hex ids (a subject id, a UUID) and timestamps have digits, but not so
	 * many in a row, so they skip the regular expression.
	 */
	static boolean mayHoldCardNumber(CharSequence text) {
		int run = 0;
		boolean afterSeparator = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				if (++run >= 13) {
					return true;
				}
				afterSeparator = false;
			}
			else if ((c == ' ' || c == '-') && run > 0 && !afterSeparator) {
				afterSeparator = true;
			}
			else {
				run = 0;
				afterSeparator = false;
			}
		}
		return false;
	}

	/** The masker, except on the {@linkplain #STARTER_FIELDS starter's own top-level fields}. */
	static ValueMasker callerValues(ValueMasker masker) {
		return (context, value) -> isStarterField(context) ? null : masker.mask(context, value);
	}

	static boolean isStarterField(TokenStreamContext context) {
		TokenStreamContext parent = context.getParent();
		String name = context.currentName();
		return name != null && parent != null && parent.inRoot() && STARTER_FIELDS.contains(name);
	}

	private static final class KeyFieldMasker implements FieldMasker {

		private final LogTextMasker text;

		KeyFieldMasker(LogTextMasker text) {
			this.text = text;
		}

		@Override
		public @Nullable Object mask(TokenStreamContext context) {
			String name = context.currentName();
			if (name == null) {
				return null;
			}
			return isSensitive(name) ? MASK : null;
		}

		private boolean isSensitive(String name) {
			return this.text.isSensitiveKey(name);
		}

	}

	/** Masks 13 to 19 digit numbers (spaces or dashes allowed) that start like a card and pass Luhn. */
	static final class CardNumberMasker implements ValueMasker {

		static final Pattern CANDIDATE = Pattern.compile("(?<![\\w-])[2-6](?:[ -]?\\d){12,18}(?![\\w-])");

		@Override
		public @Nullable Object mask(TokenStreamContext context, Object value) {
			return (value instanceof CharSequence text) ? maskText(text) : null;
		}

		/**
		 * The text with every card number masked, or {@code null} if it holds none. A candidate is as long as the
		 * pattern can make it, so a card next to other digits separated by a space ({@code 4111 1111 1111 1111 12/27},
		 * {@code 22 4111 1111 1111 1111}) makes a longer candidate that fails Luhn: the spans of it that start and end
		 * at its spaces are tried too, and the one with the most digits that passes is masked.
		 */
		static @Nullable String maskText(CharSequence text) {
			Matcher matcher = CANDIDATE.matcher(text);
			StringBuilder result = null;
			int last = 0;
			int from = 0;
			while (from < text.length() && matcher.find(from)) {
				long card = card(text, matcher.start(), matcher.end());
				if (card >= 0) {
					int start = (int) (card >>> 32);
					int end = (int) card;
					result = (result != null) ? result : new StringBuilder();
					result.append(text, last, start).append(MASK);
					last = end;
					from = end;
				}
				else {
					from = matcher.end();
				}
			}
			return (result != null) ? result.append(text, last, text.length()).toString() : null;
		}

		/**
		 * The longest span of a candidate that is a card number (start in the high, end in the low 32 bits): the
		 * candidate itself or a part of it between its spaces; -1 when none passes Luhn.
		 */
		private static long card(CharSequence text, int candidateStart, int candidateEnd) {
			long best = -1;
			int bestDigits = 0;
			for (int start = candidateStart; start < candidateEnd; start = nextGroup(text, start, candidateEnd)) {
				char first = text.charAt(start);
				if (first < '2' || first > '6') {
					continue;
				}
				for (int end = candidateEnd; end > start; end--) {
					if (end == candidateEnd || text.charAt(end) == ' ') {
						String span = text.subSequence(start, end).toString();
						int digits = digits(span);
						if (digits >= 13 && luhn(span)) {
							if (digits > bestDigits) {
								best = ((long) start << 32) | end;
								bestDigits = digits;
							}
							break;
						}
					}
				}
			}
			return best;
		}

		/** The start of the next group of digits after {@code start} (after a space), or the candidate's end. */
		private static int nextGroup(CharSequence text, int start, int end) {
			for (int i = start + 1; i < end; i++) {
				if (text.charAt(i) == ' ') {
					return i + 1;
				}
			}
			return end;
		}

		private static int digits(String candidate) {
			int digits = 0;
			for (int i = 0; i < candidate.length(); i++) {
				if (Character.isDigit(candidate.charAt(i))) {
					digits++;
				}
			}
			return digits;
		}

		static boolean luhn(String candidate) {
			int sum = 0;
			boolean doubled = false;
			for (int i = candidate.length() - 1; i >= 0; i--) {
				char c = candidate.charAt(i);
				if (!Character.isDigit(c)) {
					continue;
				}
				int digit = c - '0';
				if (doubled) {
					digit *= 2;
					digit = (digit > 9) ? digit - 9 : digit;
				}
				sum += digit;
				doubled = !doubled;
			}
			return sum % 10 == 0;
		}

	}

}
