package dev.platform.logging;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Properties of {@link LogSampleApplication} that fail startup when set wrong: a secret that is too short
 * (Boot's validation report prints the value it rejected) and a secret of a type it cannot be converted to (Boot's
 * bind report prints it too).
 */
@ConfigurationProperties("sample")
@Validated
public class LogSampleProperties {

	@Size(min = 12)
	private @Nullable String apiKey;

	private @Nullable Integer cvv;

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable Integer getCvv() {
		return this.cvv;
	}

	public void setCvv(@Nullable Integer cvv) {
		this.cvv = cvv;
	}

}
