package dev.platform.logging;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.marker.SingleFieldAppendingMarker;
import org.jspecify.annotations.Nullable;
import org.slf4j.helpers.MessageFormatter;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The JSON console's masking rules for plain text and key names, for outputs that do not go through its JSON
 * generator (the OTLP log export, the failure reason in the header of a dead-lettered event): the same keys, the
 * same {@code key=value} and bearer patterns, the same card number check. Needs logstash-logback-encoder on the
 * class path, as the JSON console does.
 */
public final class LogTextMasker {

	/** Beyond this many distinct keys, keys are checked without remembering the answer. */
	private static final int MAX_REMEMBERED = 4096;

	private final Set<String> compactKeys;

	private final @Nullable Pattern keyValue;

	private final List<Pattern> headers;

	private final boolean cardNumbers;

	/** Keys seen so far and whether they are sensitive: events repeat the same few names. */
	private final ConcurrentHashMap<String, Boolean> sensitive = new ConcurrentHashMap<>();

	LogTextMasker(Collection<String> keys, boolean cardNumbers) {
		Set<String> normalized = keys.stream()
			.map(LogMasking::normalize)
			// A key of separators only ("-") compacts to nothing, which every field name would contain.
			.filter((key) -> !LogMasking.compact(key).isEmpty())
			.collect(Collectors.toUnmodifiableSet());
		this.compactKeys = normalized.stream().map(LogMasking::compact).collect(Collectors.toUnmodifiableSet());
		this.keyValue = normalized.isEmpty() ? null : LogMasking.keyValuePattern(normalized);
		this.headers = LogMasking.headerPatterns(normalized);
		this.cardNumbers = cardNumbers;
	}

	static LogTextMasker of(PlatformLoggingProperties.Mask mask) {
		return new LogTextMasker(mask.getKeys(), mask.isCardNumbers());
	}

	/**
	 * The masker configured by {@code platform.logging.mask.*}, as the JSON console is.
	 * @param environment the environment
	 * @return the masker
	 */
	public static LogTextMasker of(Environment environment) {
		return of(Binder.get(environment).bindOrCreate("platform.logging", PlatformLoggingProperties.class).getMask());
	}

	static LogTextMasker of(String keys, boolean cardNumbers) {
		return new LogTextMasker(Arrays.asList(keys.split(",")), cardNumbers);
	}

	/** Whether any key is masked (an empty {@code platform.logging.mask.keys} masks none). */
	boolean masksKeys() {
		return !this.compactKeys.isEmpty();
	}

	/** Whether a value under this key (a field, an MDC key, a key-value pair's key) is masked whole. */
	boolean isSensitiveKey(String key) {
		Boolean known = this.sensitive.get(key);
		if (known != null) {
			return known;
		}
		boolean answer = LogMasking.isSensitiveKey(this.compactKeys, key);
		if (this.sensitive.size() < MAX_REMEMBERED) {
			this.sensitive.put(key, answer);
		}
		return answer;
	}

	/**
	 * The event's message, formatted with every structured argument under a sensitive key masked
	 * ({@code kv("password", p)} as {@code password=****}, {@code value("password", p)} as {@code ****}); the rest of
	 * the text is not masked yet.
	 * @param event the event
	 * @return its formatted message
	 */
	String formattedMessage(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		if (arguments == null || !masksKeys()) {
			return event.getFormattedMessage();
		}
		Object[] masked = null;
		for (int i = 0; i < arguments.length; i++) {
			if (arguments[i] instanceof SingleFieldAppendingMarker field && isSensitiveKey(field.getFieldName())) {
				if (masked == null) {
					masked = arguments.clone();
				}
				masked[i] = maskedArgument(field);
			}
		}
		// As Logback formats it (LoggingEvent.getFormattedMessage).
		return (masked != null) ? MessageFormatter.arrayFormat(event.getMessage(), masked).getMessage()
				: event.getFormattedMessage();
	}

	/** The argument as the message shows it, its value masked: {@code key=****} for the default pattern. */
	private static String maskedArgument(SingleFieldAppendingMarker field) {
		String prefix = field.getFieldName() + "=";
		String shown;
		try {
			shown = field.toString();
		}
		catch (RuntimeException ex) {
			// Logback shows such an argument as "[FAILED toString()]"; the masked form says no more.
			return LogMasking.MASK;
		}
		return shown.startsWith(prefix) ? prefix + LogMasking.MASK : LogMasking.MASK;
	}

	/**
	 * Masks the text as the console would.
	 * @param text the text
	 * @return the text with every secret the console would mask replaced by {@code ****}
	 */
	public @Nullable String mask(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String result = text;
		boolean pairs = LogMasking.mayHoldKeyValue(result);
		if (pairs) {
			for (Pattern header : this.headers) {
				result = header.matcher(result).replaceAll(LogMasking.KEY_VALUE_REPLACEMENT);
			}
			if (this.keyValue != null) {
				result = this.keyValue.matcher(result).replaceAll(LogMasking.KEY_VALUE_REPLACEMENT);
			}
		}
		if (masksKeys() && BindFailureValues.mayHold(result, pairs)) {
			result = BindFailureValues.mask(result, this::isSensitiveKey);
		}
		if (LogMasking.mayHoldBearer(result)) {
			result = LogMasking.BEARER.matcher(result).replaceAll("$1" + LogMasking.MASK);
		}
		if (LogMasking.mayHoldUrlCredentials(result)) {
			result = LogMasking.URL_CREDENTIALS.matcher(result).replaceAll("$1" + LogMasking.MASK + "$2");
		}
		if (this.cardNumbers && LogMasking.mayHoldCardNumber(result)) {
			String masked = LogMasking.CardNumberMasker.maskText(result);
			if (masked != null) {
				result = masked;
			}
		}
		return result;
	}

}
