package dev.platform.logging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@link LogSampleApplication} in its own JVM and reads its stdout: every line, from the first one
 * of startup, is one JSON object; hostile messages stay on one line; secrets never appear.
 */
class JsonLogOutputTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static ProcessResult jsonRun;

	@BeforeAll
	static void runSample() throws Exception {
		jsonRun = run("--spring.application.name=log-sample", "--platform.environment=test");
	}

	@Test
	void everyLineFromTheFirstIsOneJsonObject() {
		assertThat(jsonRun.exitCode()).isZero();
		assertThat(jsonRun.stdoutLines()).hasSizeGreaterThan(10);
		for (String line : jsonRun.stdoutLines()) {
			JsonNode node = parse(line);
			assertThat(node.isObject()).as(line).isTrue();
		}
		assertThat(parse(jsonRun.stdoutLines().get(0)).get("message").asString()).isNotBlank();
	}

	@Test
	void linesCarryTheDocumentedFieldsAndNoLoggerContextNoise() {
		JsonNode line = caseLine("case:password");
		assertThat(line.propertyNames()).contains("timestamp", "level", "logger", "thread", "message", "service",
				"environment");
		assertThat(line.propertyNames()).doesNotContain("@version", "level_value", "HOSTNAME", "@timestamp");
		assertThat(line.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
		assertThat(line.get("service").asString()).isEqualTo("log-sample");
		assertThat(line.get("environment").asString()).isEqualTo("test");
	}

	@Test
	void controlCharactersAndJsonBreakersStayInsideOneMessage() {
		assertThat(caseLine("case:newline").get("message").asString()).isEqualTo("case:newline line one\r\nline two");
		assertThat(caseLine("case:ansi").get("message").asString()).isEqualTo("case:ansi \u001b[31mred\u001b[0m");
		JsonNode quote = caseLine("case:quote");
		assertThat(quote.get("message").asString()).isEqualTo("case:quote \"}{\"injected\":true}");
		assertThat(quote.has("injected")).isFalse();
		assertThat(jsonRun.stdout()).doesNotContain("\u001b");
	}

	@Test
	void secretsAreMaskedWhereverTheyAppear() {
		assertThat(caseLine("case:password").get("message").asString())
			.isEqualTo("case:password login password=**** user=bob");
		assertThat(caseLine("case:json-secret").get("message").asString()).contains("****");
		assertThat(caseLine("case:auth-header").get("message").asString())
			.isEqualTo("case:auth-header Authorization: ****");
		assertThat(caseLine("case:scheme").get("message").asString()).isEqualTo("case:scheme sent with Bearer ****");
		assertThat(caseLine("case:card").get("message").asString()).isEqualTo("case:card charged **** today");
		assertThat(caseLine("case:mdc").get("token").asString()).isEqualTo("****");
		assertThat(caseLine("case:mdc").get("note").asString()).isEqualTo("paid with **** via Bearer ****");
		assertThat(caseLine("case:kv").get("apiKey").asString()).isEqualTo("****");
		assertThat(jsonRun.stdout()).doesNotContain("hunter2", "s3cr3t-json", "eyJhbGciOi", "4111 1111", "mdc-t0ken", "b3arer", "5500-0000",
				"kv-ap1-key");
	}

	@Test
	void structuredArgumentsUnderSensitiveKeysAreMaskedInTheMessageToo() {
		assertThat(caseLine("case:value").get("message").asString()).isEqualTo("case:value logged in with ****");
		assertThat(caseLine("case:value").get("password").asString()).isEqualTo("****");
		assertThat(caseLine("case:raw").get("message").asString()).isEqualTo("case:raw secret=****");
		assertThat(caseLine("case:raw").get("secret").asString()).isEqualTo("****");
		assertThat(caseLine("case:raw-string").get("message").asString()).isEqualTo("case:raw-string token=****");
		assertThat(caseLine("case:entries").get("message").asString()).isEqualTo("case:entries {pwd=****}");
		// A raw JSON value is masked inside too, and stays JSON.
		JsonNode nested = caseLine("case:raw-nested");
		assertThat(nested.get("payload").get("user").asString()).isEqualTo("bob");
		assertThat(nested.get("payload").get("password").asString()).isEqualTo("****");
		assertThat(caseLine("case:raw-broken").get("payload").asString()).isEqualTo("{\"password\":\"****\"");
		assertThat(jsonRun.stdout()).doesNotContain("v4lue-pw", "r4w-secret", "r4w-t0ken", "entr1es-pwd", "r4w-nested", "r4w-br0ken");
	}

	@Test
	void mdcEntriesKeyValuePairsAndArgumentsNamedLikeTheLinesOwnFieldsDoNotReplaceThem() {
		JsonNode line = caseLine("case:mdc-clash");
		assertThat(line.get("level").asString()).isEqualTo("INFO");
		assertThat(line.get("mdc_level").asString()).isEqualTo("FORGED");
		assertThat(line.get("mdc_message").asString()).isEqualTo("forged message");
		assertThat(jsonRun.stdoutLines()).filteredOn((text) -> text.contains("case:mdc-clash"))
			.singleElement()
			.satisfies((text) -> assertThat(text.split("\"level\":", -1)).hasSize(2));
		JsonNode keyValue = caseLine("case:kv-clash");
		assertThat(keyValue.get("service").asString()).isEqualTo("log-sample");
		assertThat(keyValue.get("kv_service").asString()).isEqualTo("forged-service");
		JsonNode argument = caseLine("case:arg-clash");
		assertThat(argument.get("level").asString()).isEqualTo("INFO");
		assertThat(argument.get("arg_level").asString()).isEqualTo("FORGED-ARG");
		assertThat(jsonRun.stdoutLines()).filteredOn((text) -> text.contains("case:arg-clash"))
			.singleElement()
			.satisfies((text) -> assertThat(text.split("\"level\":", -1)).hasSize(2));
	}

	@Test
	void numbersThatAreNotCardsAreLeftAlone() {
		assertThat(caseLine("case:epoch").get("message").asString()).endsWith("1764140000000");
	}

	@Test
	void stackTracesPutTheRootCauseFirst() {
		String stackTrace = caseLine("case:exception").get("stack_trace").asString();
		assertThat(stackTrace.indexOf("root cause")).isLessThan(stackTrace.indexOf("outer"));
		assertThat(stackTrace.indexOf("root cause")).isNotNegative();
	}

	@Test
	void textFormatIsReadableForLocalWork() throws Exception {
		ProcessResult text = run("--spring.application.name=log-sample", "--platform.logging.format=text");
		assertThat(text.exitCode()).isZero();
		assertThat(text.stdoutLines()).anyMatch((line) -> line.contains("INFO") && line.contains("case:password"));
		assertThat(text.stdoutLines()).noneMatch((line) -> line.startsWith("{"));
	}

	@Test
	void unknownFormatFailsStartupNamingTheProperty() throws Exception {
		ProcessResult bad = run("--spring.application.name=log-sample", "--platform.logging.format=yaml");
		assertThat(bad.exitCode()).isNotZero();
		assertThat(bad.stdout() + bad.stderr()).contains("platform.logging.format").contains("yaml");
	}

	@Test
	void missingServiceNameFailsStartupNamingTheProperty() throws Exception {
		ProcessResult nameless = run();
		assertThat(nameless.exitCode()).isNotZero();
		String output = nameless.stdout() + nameless.stderr();
		assertThat(output).contains("spring.application.name");
		// Boot's report in a JSON line: the description is the message, the action a field of its own.
		JsonNode report = failureReport(nameless);
		assertThat(report.get("level").asString()).isEqualTo("ERROR");
		assertThat(report.get("message").asString()).startsWith("Application failed to start: ")
			.contains("spring.application.name")
			.doesNotContain("***", "Action:");
		assertThat(report.get("action").asString()).isNotBlank().doesNotContain("Action:");
	}

	@Test
	void valuesOfSensitivePropertiesThatFailToBindAreMaskedInBootsReport() throws Exception {
		ProcessResult invalid = run("--spring.application.name=log-sample", "--sample.api-key=short-s3cr",
				"--sample.cvv=9x7");
		assertThat(invalid.exitCode()).isNotZero();
		JsonNode report = failureReport(invalid);
		assertThat(report.get("message").asString()).contains("sample.cvv", "Value: \"****\"")
			.contains("For input string: \"****\"");
		assertThat(invalid.stdout() + invalid.stderr()).doesNotContain("9x7");
		ProcessResult tooShort = run("--spring.application.name=log-sample", "--sample.api-key=short-s3cr");
		assertThat(tooShort.exitCode()).isNotZero();
		assertThat(failureReport(tooShort).get("message").asString()).contains("sample.apiKey", "Value: \"****\"",
				"size must be between 12");
		assertThat(tooShort.stdout() + tooShort.stderr()).doesNotContain("short-s3cr");
	}

	private static JsonNode failureReport(ProcessResult result) {
		return result.stdoutLines()
			.stream()
			.map(JsonLogOutputTests::parse)
			.filter((node) -> node.get("logger").asString().endsWith("LoggingFailureAnalysisReporter"))
			.findFirst()
			.orElseGet(() -> fail("No failure report in:\n" + result.stdout() + result.stderr()));
	}

	@Test
	void startupFailureReportKeepsBootsTextInTextFormat() throws Exception {
		ProcessResult nameless = run("--platform.logging.format=text");
		assertThat(nameless.exitCode()).isNotZero();
		assertThat(nameless.stdout()).contains("APPLICATION FAILED TO START").contains("spring.application.name");
	}

	static JsonNode caseLine(String marker) {
		return jsonRun.stdoutLines()
			.stream()
			.map(JsonLogOutputTests::parse)
			.filter((node) -> node.has("message") && node.get("message").asString().startsWith(marker))
			.findFirst()
			.orElseGet(() -> fail("No line for " + marker + " in:\n" + jsonRun.stdout()));
	}

	static JsonNode parse(String line) {
		try {
			return json.readTree(line);
		}
		catch (RuntimeException ex) {
			return fail("Not a JSON object: [" + line + "]", ex);
		}
	}

	record ProcessResult(int exitCode, String stdout, String stderr) {

		List<String> stdoutLines() {
			List<String> lines = new ArrayList<>();
			for (String line : this.stdout.split("\n", -1)) {
				if (!line.isEmpty()) {
					lines.add(line);
				}
			}
			return lines;
		}

	}

	static ProcessResult run(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-cp",
				System.getProperty("java.class.path"), LogSampleApplication.class.getName()));
		command.addAll(List.of(args));
		command.add("--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces");
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().keySet().removeIf((name) -> name.startsWith("OTEL_"));
		File stdout = File.createTempFile("sample", ".out");
		File stderr = File.createTempFile("sample", ".err");
		builder.redirectOutput(stdout).redirectError(stderr);
		Process process = builder.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("The sample application did not exit");
		}
		return new ProcessResult(process.exitValue(),
				java.nio.file.Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
				java.nio.file.Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
	}

}
