package dev.platform.events;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial * 2^(failures - 1)}, capped at {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

	public Duration after(int failures) {
		if (failures <= 0) {
			return Duration.ZERO;
		}
		int shift = Math.min(failures - 1, 30);
		long millis = this.initial.toMillis() << shift;
		return (millis <= 0 || millis > this.max.toMillis()) ? this.max : Duration.ofMillis(millis);
	}

}
