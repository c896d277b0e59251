package dev.platform.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values Boot's failure reports print for properties that failed to bind, in the reports' own format (checked
 * against Boot's output in {@link JsonLogOutputTests}).
 */
class BindFailureValuesTests {

	private final LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);

	@Test
	void theValueOfASensitivePropertyIsMaskedWhereverTheReportPrintsIt() {
		String report = """
				Failed to bind properties under 'sample.cvv' to java.lang.Integer:

				    Property: sample.cvv
				    Value: "9x7"
				    Origin: "sample.cvv" from property source "commandLineArgs"
				    Reason: failed to convert java.lang.String to java.lang.Integer (caused by \
				java.lang.NumberFormatException: For input string: "9x7")
				""";
		assertThat(this.masker.mask(report)).isEqualTo("""
				Failed to bind properties under 'sample.cvv' to java.lang.Integer:

				    Property: sample.cvv
				    Value: "****"
				    Origin: "sample.cvv" from property source "commandLineArgs"
				    Reason: failed to convert java.lang.String to java.lang.Integer (caused by \
				java.lang.NumberFormatException: For input string: "****")
				""");
	}

	@Test
	void otherPropertiesOfTheSameReportKeepTheirValues() {
		String report = """
				Binding to target dev.example.DbProperties failed:

				    Property: app.db.url
				    Value: "jdbc:postgresql://db/app"
				    Origin: "app.db.url" from property source "commandLineArgs"
				    Reason: must match "jdbc:.*"

				    Property: app.db.password
				    Value: "hunter2"
				    Origin: "app.db.password" from property source "commandLineArgs"
				    Reason: size must be between 12 and 2147483647

				    Property: app.db.passwordHint
				    Value: "the usual"
				    Origin: "app.db.password-hint" from property source "commandLineArgs"
				    Reason: must be blank
				""";
		String masked = this.masker.mask(report);
		assertThat(masked).doesNotContain("hunter2")
			.contains("Value: \"jdbc:postgresql://db/app\"", "Value: \"****\"", "Value: \"the usual\"")
			.contains("Reason: size must be between 12 and 2147483647", "Reason: must be blank");
		assertThat(masked.lines().count()).isEqualTo(report.lines().count());
	}

	@Test
	void aValueOverSeveralLinesIsMaskedWhole() {
		String report = "Failed to bind properties under 'platform.security.jwt.issuer.private-key' to "
				+ "java.lang.String:\r\n\r\n    Property: platform.security.jwt.issuer.private-key\r\n"
				+ "    Value: \"-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\r\nBKcwggSjAgEAAoIBAQ\r\n"
				+ "-----END PRIVATE KEY-----\"\r\n    Origin: class path resource [application.yaml] - 3:18\r\n"
				+ "    Reason: not a PKCS#8 key\r\n";
		String masked = this.masker.mask(report);
		assertThat(masked).doesNotContain("MIIEvQ", "BKcwgg", "BEGIN PRIVATE KEY")
			.contains("    Value: \"****\"\r\n    Origin: class path resource [application.yaml] - 3:18\r\n"
					+ "    Reason: not a PKCS#8 key\r\n");
	}

	@Test
	void aValueWithoutAnOriginEndsAtTheReason() {
		String report = "    Property: client-secret\n    Value: \"abc\ndef\"\n    Reason: too short";
		assertThat(this.masker.mask(report)).isEqualTo("    Property: client-secret\n    Value: \"****\"\n    Reason: too short");
	}

	@Test
	void anInvalidValueReportIsMaskedWhenItsPropertyIsSensitive() {
		assertThat(this.masker.mask("Invalid value 'hunter2' for configuration property 'spring.datasource.password' "
				+ "(originating from 'System Environment Property \"SPRING_DATASOURCE_PASSWORD\"')"))
			.isEqualTo("Invalid value '****' for configuration property 'spring.datasource.password' "
					+ "(originating from 'System Environment Property \"SPRING_DATASOURCE_PASSWORD\"')");
		assertThat(this.masker.mask("Invalid value 'yaml' for configuration property 'platform.logging.format'"))
			.isEqualTo("Invalid value 'yaml' for configuration property 'platform.logging.format'");
	}

	@Test
	void theOtherSourcesOfAnInvalidValueAreMaskedToo() {
		// InvalidConfigurationPropertyValueFailureAnalyzer's report when two sources set the property.
		String report = "Invalid value 'hunter2' for configuration property 'app.db.password' (originating from "
				+ "'class path resource [application.yaml] - 3:15'). Validation failed for the following reason:\n\n"
				+ "'hunter2' is too short\n\nAdditionally, this property is also set in the following property "
				+ "source:\n\n\t- In 'systemEnvironment' with the value 'hunter3' (originating from 'System Environment "
				+ "Property \"APP_DB_PASSWORD\"').\n";
		assertThat(this.masker.mask(report)).doesNotContain("hunter2", "hunter3")
			.contains("Invalid value '****' for configuration property 'app.db.password'", "'****' is too short",
					"\t- In 'systemEnvironment' with the value '****' (originating from");
	}

	@Test
	void aValueWithABlankLineInsideIsMaskedUpToItsOrigin() {
		String report = "    Property: app.private-key\n    Value: \"line one\n\nline three\"\n"
				+ "    Origin: \"app.private-key\" from property source \"test\"\n    Reason: not a key\n";
		assertThat(this.masker.mask(report)).doesNotContain("line one", "line three")
			.isEqualTo("    Property: app.private-key\n    Value: \"****\"\n"
					+ "    Origin: \"app.private-key\" from property source \"test\"\n    Reason: not a key\n");
	}

	@Test
	void aShortValueIsMaskedInTheReasonOnlyWhereItIsQuoted() {
		String report = "    Property: app.pin-token\n    Value: \"1\"\n    Reason: size must be between 12 and 64, \"1\" is not\n";
		assertThat(this.masker.mask(report))
			.endsWith("    Value: \"****\"\n    Reason: size must be between 12 and 64, \"****\" is not\n");
	}

	@Test
	void textThatOnlyLooksLikeAReportIsLeftAlone() {
		assertThat(this.masker.mask("Property: password")).isEqualTo("Property: password");
		assertThat(this.masker.mask("Property: password\nNext: x")).isEqualTo("Property: password\nNext: x");
		assertThat(this.masker.mask("Value: 42 for Property: x")).isEqualTo("Value: 42 for Property: x");
	}

	@Test
	void noKeysMaskNoProperties() {
		LogTextMasker none = LogTextMasker.of("", true);
		assertThat(none.mask("    Property: app.password\n    Value: \"hunter2\"\n"))
			.isEqualTo("    Property: app.password\n    Value: \"hunter2\"\n");
	}

}
