package dev.platform.logging;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as the JSON console would show it: the formatted message, MDC values, key-value pairs and the
 * exception's message and stack trace masked, values under sensitive keys replaced whole. The arguments are not
 * handed on (only the masked message carries them); everything else is the original event's.
 */
final class MaskedLoggingEvent implements ILoggingEvent {

	private final ILoggingEvent event;

	private final LogTextMasker masker;

	private @Nullable String formattedMessage;

	private @Nullable Map<String, String> mdc;

	MaskedLoggingEvent(ILoggingEvent event, LogTextMasker masker) {
		this.event = event;
		this.masker = masker;
	}

	@Override
	public String getFormattedMessage() {
		String message = this.formattedMessage;
		if (message == null) {
			message = this.masker.mask(this.masker.formattedMessage(this.event));
			this.formattedMessage = message;
		}
		return message;
	}

	@Override
	public String getMessage() {
		// The template without arguments cannot leak them, but may itself hold a secret written into it.
		return this.masker.mask(this.event.getMessage());
	}

	@Override
	public Object @Nullable [] getArgumentArray() {
		return null;
	}

	@Override
	public Map<String, String> getMDCPropertyMap() {
		Map<String, String> masked = this.mdc;
		if (masked == null) {
			Map<String, String> original = this.event.getMDCPropertyMap();
			masked = new LinkedHashMap<>(original.size());
			for (Map.Entry<String, String> entry : original.entrySet()) {
				masked.put(entry.getKey(), maskValue(entry.getKey(), entry.getValue()));
			}
			this.mdc = masked;
		}
		return masked;
	}

	@Override
	@Deprecated
	public Map<String, String> getMdc() {
		return getMDCPropertyMap();
	}

	/**
	 * The pairs masked, and for an event with an exception the exception as the semantic-convention attributes
	 * {@code exception.type}, {@code exception.message} and {@code exception.stacktrace}, masked: the
	 * OpenTelemetry appender would otherwise write the exception's own message and stack trace.
	 */
	@Override
	public @Nullable List<KeyValuePair> getKeyValuePairs() {
		List<KeyValuePair> pairs = this.event.getKeyValuePairs();
		IThrowableProxy throwable = this.event.getThrowableProxy();
		if ((pairs == null || pairs.isEmpty()) && throwable == null) {
			return pairs;
		}
		List<KeyValuePair> masked = new ArrayList<>();
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				masked.add(new KeyValuePair(pair.key, maskPairValue(pair.key, pair.value)));
			}
		}
		if (throwable != null) {
			masked.add(new KeyValuePair("exception.type", throwable.getClassName()));
			if (throwable.getMessage() != null) {
				masked.add(new KeyValuePair("exception.message", this.masker.mask(throwable.getMessage())));
			}
			masked.add(new KeyValuePair("exception.stacktrace",
					this.masker.mask(ThrowableProxyUtil.asString(throwable))));
		}
		return masked;
	}

	private @Nullable Object maskPairValue(String key, @Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (this.masker.isSensitiveKey(key)) {
			return LogMasking.MASK;
		}
		if (value instanceof Long || value instanceof BigInteger) {
			// A card number logged as a number: masked, it becomes the string "****".
			String digits = value.toString();
			String masked = LogMasking.mayBeCardNumber(digits) ? this.masker.mask(digits) : digits;
			return digits.equals(masked) ? value : masked;
		}
		if (value instanceof Number || value instanceof Boolean) {
			return value;
		}
		// A map or a record is written as its text: masked as text, kept as it is when nothing was masked.
		String text = value.toString();
		String maskedText = this.masker.mask(text);
		return (value instanceof String || !text.equals(maskedText)) ? maskedText : value;
	}

	private @Nullable String maskValue(String key, @Nullable String value) {
		return this.masker.isSensitiveKey(key) ? LogMasking.MASK : this.masker.mask(value);
	}

	@Override
	public String getThreadName() {
		return this.event.getThreadName();
	}

	@Override
	public Level getLevel() {
		return this.event.getLevel();
	}

	@Override
	public String getLoggerName() {
		return this.event.getLoggerName();
	}

	@Override
	public LoggerContextVO getLoggerContextVO() {
		return this.event.getLoggerContextVO();
	}

	/** None: the exception goes out masked, as key-value pairs ({@link #getKeyValuePairs()}). */
	@Override
	public @Nullable IThrowableProxy getThrowableProxy() {
		return null;
	}

	@Override
	public StackTraceElement[] getCallerData() {
		return this.event.getCallerData();
	}

	@Override
	public boolean hasCallerData() {
		return this.event.hasCallerData();
	}

	@Override
	public @Nullable List<Marker> getMarkerList() {
		return this.event.getMarkerList();
	}

	@Override
	public long getTimeStamp() {
		return this.event.getTimeStamp();
	}

	@Override
	public int getNanoseconds() {
		return this.event.getNanoseconds();
	}

	@Override
	public Instant getInstant() {
		return this.event.getInstant();
	}

	@Override
	public long getSequenceNumber() {
		return this.event.getSequenceNumber();
	}

	@Override
	public void prepareForDeferredProcessing() {
		this.event.prepareForDeferredProcessing();
	}

}
