package dev.platform.logging;

import java.util.Set;

import org.junit.jupiter.api.Test;

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

}
