package dev.platform.logging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as the JSON console would show it: the formatted message, MDC values and key-value pairs
 * masked, values under sensitive keys replaced whole. The arguments are not handed on (only the masked message
 * carries them); everything else is the original event's.
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
			message = this.masker.mask(this.event.getFormattedMessage());
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

	@Override
	public @Nullable List<KeyValuePair> getKeyValuePairs() {
		List<KeyValuePair> pairs = this.event.getKeyValuePairs();
		if (pairs == null || pairs.isEmpty()) {
			return pairs;
		}
		List<KeyValuePair> masked = new ArrayList<>(pairs.size());
		for (KeyValuePair pair : pairs) {
			Object value = pair.value;
			Object maskedValue = (this.masker.isSensitiveKey(pair.key)) ? LogMasking.MASK
					: (value instanceof String text) ? this.masker.mask(text) : value;
			masked.add(new KeyValuePair(pair.key, maskedValue));
		}
		return masked;
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

	@Override
	public @Nullable IThrowableProxy getThrowableProxy() {
		return this.event.getThrowableProxy();
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
