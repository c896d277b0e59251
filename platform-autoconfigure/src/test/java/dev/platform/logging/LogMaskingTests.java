package dev.platform.logging;

import java.io.StringWriter;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LogMaskingTests {

	static final tools.jackson.core.TokenStreamContext CONTEXT = tools.jackson.core.json.JsonWriteContext.createRootContext(null);

	@Test
	void keyValuePatternMatchesEverySpellingOfAKey() {
		var pattern = LogMasking.keyValuePattern(Set.of("api-key", "password"));
		assertThat(pattern.matcher("api_key=abc apiKey: def API-KEY = ghi").replaceAll("$1x"))
			.isEqualTo("api_key=x apiKey: x API-KEY = x");
		assertThat(pattern.matcher("\"password\":\"p\"").replaceAll("$1x")).isEqualTo("\"password\":\"x\"");
	}

	@Test
	void keyValuePatternLeavesLookAlikeKeysAlone() {
		var pattern = LogMasking.keyValuePattern(Set.of("token"));
		assertThat(pattern.matcher("tokens: 5, tokenizer=basic").replaceAll("$1x")).isEqualTo("tokens: 5, tokenizer=basic");
	}

	@Test
	void prefiltersLetOnlyCandidatesReachTheRegularExpressions() {
		assertThat(LogMasking.mayHoldKeyValue("Started OrdersApplication in 3.2 seconds")).isFalse();
		assertThat(LogMasking.mayHoldKeyValue("login password=x")).isTrue();
		assertThat(LogMasking.mayHoldBearer("sent with Bearer abc")).isTrue();
		assertThat(LogMasking.mayHoldBearer("http-nio-8080-exec-1")).isFalse();
		assertThat(LogMasking.mayHoldBearer("BEARER x")).isTrue();
		assertThat(LogMasking.mayHoldBearer("a bEaReR x")).isTrue();
		assertThat(LogMasking.mayHoldBearer("bearer ")).as("nothing after it").isFalse();
		assertThat(LogMasking.mayHoldBearer("bearer")).isFalse();
		assertThat(LogMasking.mayHoldBearer(" earer x")).isFalse();
		assertThat(LogMasking.mayHoldBearer("bearerx y")).isFalse();
		assertThat(LogMasking.mayHoldBearer("no bearer, then bearer z")).isTrue();
		assertThat(LogMasking.mayHoldCardNumber("order 42 of 2026")).isFalse();
		assertThat(LogMasking.mayHoldCardNumber("4111 1111 1111 1111")).isTrue();
	}

	@Test
	void luhnAcceptsTestCardNumbersAndRejectsOthers() {
		assertThat(LogMasking.CardNumberMasker.luhn("4111 1111 1111 1111")).isTrue();
		assertThat(LogMasking.CardNumberMasker.luhn("5500-0000-0000-0004")).isTrue();
		assertThat(LogMasking.CardNumberMasker.luhn("4111 1111 1111 1112")).isFalse();
	}

	@Test
	void cardMaskerMasksOnlyLuhnValidCardShapedNumbers() {
		var masker = new LogMasking.CardNumberMasker();
		assertThat(masker.mask(CONTEXT, "paid with 5500-0000-0000-0004.")).isEqualTo("paid with ****.");
		assertThat(masker.mask(CONTEXT, "id 4111111111111112 and 1764140000000")).isNull();
		assertThat(masker.mask(CONTEXT, "trace 4bf92f3577b34da6a3ce929d0e0e4736")).isNull();
	}


	@Test
	void starterFieldsAreSkippedButTheSameNamesElsewhereAreMasked() {
		LogMasking masking = new LogMasking();
		masking.start();
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = masking
			.decorate(new JsonMapper().createGenerator(out))) {
			generator.writeStartObject();
			generator.writeStringProperty("timestamp", "2026-11-26T09:51:43.410494444Z");
			generator.writeStringProperty("trace_id", "4111111111111111 password=x");
			generator.writeStringProperty("message", "card 4111 1111 1111 1111 and password=x");
			generator.writeStringProperty("order", "4111111111111111");
			generator.writeName("argument");
			generator.writeStartObject();
			generator.writeStringProperty("trace_id", "password=x");
			generator.writeEndObject();
			generator.writeEndObject();
		}
		assertThat(out.toString()).isEqualTo("{\"timestamp\":\"2026-11-26T09:51:43.410494444Z\","
				+ "\"trace_id\":\"4111111111111111 password=x\",\"message\":\"card **** and password=****\","
				+ "\"order\":\"****\",\"argument\":{\"trace_id\":\"password=****\"}}");
	}

	@Test
	void sensitiveFieldNamesAreMaskedInEverySpellingAndRemembered() {
		LogMasking masking = new LogMasking();
		masking.start();
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = masking
			.decorate(new JsonMapper().createGenerator(out))) {
			generator.writeStartObject();
			for (int i = 0; i < 2; i++) {
				generator.writeStringProperty("API_KEY", "k" + i);
				generator.writeStringProperty("apiKey", "k" + i);
				generator.writeStringProperty("keys", "k" + i);
			}
			generator.writeEndObject();
		}
		assertThat(out.toString()).isEqualTo("{\"API_KEY\":\"****\",\"apiKey\":\"****\",\"keys\":\"k0\","
				+ "\"API_KEY\":\"****\",\"apiKey\":\"****\",\"keys\":\"k1\"}");
	}

}
