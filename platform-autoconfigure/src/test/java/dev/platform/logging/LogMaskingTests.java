package dev.platform.logging;

import java.io.StringWriter;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogMaskingTests {

	static final String REPLACEMENT = LogMasking.KEY_VALUE_REPLACEMENT.replace(LogMasking.MASK, "x");

	static final tools.jackson.core.TokenStreamContext CONTEXT = tools.jackson.core.json.JsonWriteContext.createRootContext(null);

	@Test
	void keyValuePatternMatchesEverySpellingOfAKey() {
		var pattern = LogMasking.keyValuePattern(Set.of("api-key", "password"));
		assertThat(pattern.matcher("api_key=abc apiKey: def API-KEY = ghi").replaceAll(REPLACEMENT))
			.isEqualTo("api_key=x apiKey: x API-KEY = x");
		assertThat(pattern.matcher("\"password\":\"p\"").replaceAll(REPLACEMENT)).isEqualTo("\"password\":\"x\"");
	}

	@Test
	void keyValuePatternLeavesLookAlikeKeysAlone() {
		var pattern = LogMasking.keyValuePattern(Set.of("token"));
		assertThat(pattern.matcher("tokens: 5, tokenizer=basic").replaceAll(REPLACEMENT))
			.isEqualTo("tokens: 5, tokenizer=basic");
	}

	@Test
	void aQuotedValueIsMaskedUpToItsClosingQuote() {
		var pattern = LogMasking.keyValuePattern(Set.of("password"));
		assertThat(pattern.matcher("password=\"correct horse battery\" user=bob").replaceAll(REPLACEMENT))
			.isEqualTo("password=\"x\" user=bob");
		assertThat(pattern.matcher("password='correct horse' user=bob").replaceAll(REPLACEMENT))
			.isEqualTo("password='x' user=bob");
	}

	@Test
	void structuredArgumentsUnderSensitiveKeysAreMaskedInTheMessageAsLogbackFormatsIt() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent();
		event.setMessage("escaped \\{} then {} and {} and {}");
		event.setArgumentArray(new Object[] { net.logstash.logback.argument.StructuredArguments.kv("password", "pw1"),
				net.logstash.logback.argument.StructuredArguments.value("apiKey", "k3y"),
				net.logstash.logback.argument.StructuredArguments.kv("user", "bob") });
		assertThat(masker.formattedMessage(event)).isEqualTo(event.getFormattedMessage()
			.replace("password=pw1", "password=****")
			.replace("k3y", "****"));
		assertThat(masker.formattedMessage(event)).isEqualTo("escaped {} then password=**** and **** and user=bob");
	}

	@Test
	void aStructuredArgumentWhoseToStringFailsIsMaskedWithoutFailingTheEvent() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		Object lazy = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no session");
			}
		};
		ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent();
		event.setMessage("login {}");
		event.setArgumentArray(new Object[] { net.logstash.logback.argument.StructuredArguments.kv("password", lazy) });
		assertThat(masker.formattedMessage(event)).isEqualTo("login password=****");
	}

	@Test
	void jsonInsideAJsonStringAndUrlEncodedPairsAreMaskedToo() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.mask("body=\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"hunt\\\\er2\\\"}\""))
			.isEqualTo("body=\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"****\\\"}\"");
		// The inner string's own escapes stay inside the value: a quote and a backslash in the password.
		String inner = "{\\\"password\\\":\\\"ab\\\\\\\"cd\\\\\\\\ef\\\",\\\"user\\\":\\\"bob\\\"}";
		assertThat(masker.mask("body=\"" + inner + "\"")).doesNotContain("ab", "cd", "ef")
			.isEqualTo("body=\"{\\\"password\\\":\\\"****\\\",\\\"user\\\":\\\"bob\\\"}\"");
		assertThat(masker.mask("redirect to /login?next=%2Fpay%3Fpassword%3Dhunter2 now"))
			.isEqualTo("redirect to /login?next=%2Fpay%3Fpassword%3D**** now");
		// An encoded value ends at the next encoded &; JSON URL-encoded has its quotes encoded too.
		assertThat(masker.mask("next=%2Fpay%3Ftoken%3Dt0k%26page%3D2")).isEqualTo("next=%2Fpay%3Ftoken%3D****%26page%3D2");
		assertThat(masker.mask("q=%7B%22password%22%3A%22hunter2%22%7D")).doesNotContain("hunter2")
			.startsWith("q=%7B%22password%22%3A****");
		assertThat(masker.mask("token%3aabc def")).isEqualTo("token%3a**** def");
		// A percent sign alone is no separator.
		assertThat(masker.mask("password policy: 100% met")).isEqualTo("password policy: 100% met");
	}

	@Test
	void anObjectOrAListAfterAKeyIsMaskedUpToItsClosingBracket() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.mask("secret={\"k\":\"v1\",\"n\":{\"m\":\"v2\"}} user=bob")).isEqualTo("secret=**** user=bob");
		assertThat(masker.mask("tokens: 3, token=[a1, b2] next")).isEqualTo("tokens: 3, token=**** next");
		assertThat(masker.mask("{\"password\": {\"old\": \"o1\", \"new\": \"n1\"}, \"user\": \"bob\"}"))
			.isEqualTo("{\"password\": ****, \"user\": \"bob\"}");
		// Left open (the line was cut): the rest of the line.
		assertThat(masker.mask("api-key={\"k\":\"v1\"\nnext line")).isEqualTo("api-key=****\nnext line");
		// Deeper than one level: the rest of the line rather than what follows the inner object.
		assertThat(masker.mask("secret={\"a\":{\"b\":{\"c\":\"s3\"}}} user=bob\nnext")).isEqualTo("secret=****\nnext");
		// Spring Security's encoded password: an id in braces, then the password.
		assertThat(masker.mask("password={noop}hunter2 user=bob")).isEqualTo("password=**** user=bob");
		assertThat(masker.mask("password={bcrypt}$2a$10$abc, user=bob")).isEqualTo("password=****, user=bob");
	}

	@Test
	void headerValuesAreMaskedWholeWhateverTheSchemeOrTheNumberOfCookies() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.mask("Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"))
			.isEqualTo("Authorization: ****");
		assertThat(masker.mask("Cookie: theme=dark; JSESSIONID=9A3F2B; csrf=77")).isEqualTo("Cookie: ****");
		assertThat(masker.mask("{\"authorization\":\"Negotiate YIIabc\",\"x\":1}"))
			.isEqualTo("{\"authorization\":\"****\",\"x\":1}");
		assertThat(masker.mask("password=hunter2 user=bob")).isEqualTo("password=**** user=bob");
		// Only the header's value, not the rest of the line.
		assertThat(masker.mask("headers={authorization=Bearer abc, x-request-id=42, accept=json}"))
			.isEqualTo("headers={authorization=****, x-request-id=42, accept=json}");
		assertThat(masker.mask("set-cookie: sid=1; Path=/; HttpOnly, next=2"))
			.isEqualTo("set-cookie: ****, next=2");
	}

	@Test
	void aQuoteLeftOpenStillMasksWhatFollowsOnTheLine() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.mask("login failed password=\"hunter2")).isEqualTo("login failed password=\"****\"");
		assertThat(masker.mask("token='abc")).isEqualTo("token='****'");
	}

	@Test
	void theMaskerOfAnEnvironmentFollowsPlatformLoggingMask() {
		MockEnvironment environment = new MockEnvironment().withProperty("platform.logging.mask.keys", "pin")
			.withProperty("platform.logging.mask.card-numbers", "false");
		assertThat(LogTextMasker.of(environment).mask("pin=1234 password=hunter2 card 4111 1111 1111 1111"))
			.isEqualTo("pin=**** password=hunter2 card 4111 1111 1111 1111");
		assertThat(LogTextMasker.of(new MockEnvironment()).mask("pin=1234 password=hunter2 card 4111 1111 1111 1111"))
			.isEqualTo("pin=1234 password=**** card ****");
	}

	@Test
	void aKeyOfSeparatorsOnlyMasksNothingRatherThanEverything() {
		LogTextMasker masker = LogTextMasker.of("-,_,password", true);
		assertThat(masker.isSensitiveKey("orderId")).isFalse();
		assertThat(masker.isSensitiveKey("password")).isTrue();
	}

	@Test
	void aNameEndingInAKeyIsSensitiveToo() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.isSensitiveKey("db_password")).isTrue();
		assertThat(masker.isSensitiveKey("X-Api-Key")).isTrue();
		assertThat(masker.isSensitiveKey("csrfToken")).isTrue();
		assertThat(masker.isSensitiveKey("tokenCount")).isFalse();
		assertThat(masker.isSensitiveKey("passwordHint")).isFalse();
		assertThat(masker.isSensitiveKey("order")).isFalse();
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
		assertThat(LogMasking.mayHoldCardNumber("paid 5500-0000-0000-0004.")).isTrue();
		assertThat(LogMasking.mayHoldCardNumber("4111111111111")).as("13 digits").isTrue();
		assertThat(LogMasking.mayHoldCardNumber("411111111111")).as("12 digits").isFalse();
		assertThat(LogMasking.mayHoldCardNumber("4bf92f3577b34da6a3ce929d0e0e4736")).as("hex id").isFalse();
		assertThat(LogMasking.mayHoldCardNumber("2026-11-26T09:51:43.410494444Z")).as("timestamp").isFalse();
		assertThat(LogMasking.mayHoldCardNumber("4111  1111 1111 1111")).as("two spaces break a card").isFalse();
		assertThat(LogMasking.mayHoldCardNumber("4111 11x11 1111 1111")).isFalse();
	}

	@Test
	void cardPrefilterLetsThroughEveryTextTheCardPatternMatches() {
		var masker = new LogMasking.CardNumberMasker();
		java.util.Random random = new java.util.Random(42);
		String alphabet = "0123456789  --x";
		int candidates = 0;
		for (int n = 0; n < 200_000; n++) {
			StringBuilder text = new StringBuilder();
			int length = 10 + random.nextInt(30);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			boolean patternFinds = masker.mask(CONTEXT, text.toString()) != null
					|| LogMasking.CardNumberMasker.CANDIDATE.matcher(text).find();
			if (patternFinds) {
				candidates++;
				assertThat(LogMasking.mayHoldCardNumber(text)).as(text.toString()).isTrue();
			}
		}
		assertThat(candidates).as("the random texts hold card-shaped numbers").isGreaterThan(100);
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
	void passwordsInUrlsAreMaskedAndTheRestOfTheUrlStays() {
		LogTextMasker masker = LogTextMasker.of(LogMasking.DEFAULT_KEYS, true);
		assertThat(masker.mask("connecting to jdbc:postgresql://app:hunter2@db:5432/orders failed"))
			.isEqualTo("connecting to jdbc:postgresql://app:****@db:5432/orders failed");
		assertThat(masker.mask("broker amqp://guest:guest@127.0.0.1:5672/")).isEqualTo("broker amqp://guest:****@127.0.0.1:5672/");
		// A port or a path with an @ is no user info.
		assertThat(masker.mask("GET http://orders:8082/users/@me")).isEqualTo("GET http://orders:8082/users/@me");
		assertThat(masker.mask("mail me at a@b.c, see https://example.com")).isEqualTo("mail me at a@b.c, see https://example.com");
	}

	@Test
	void cardMaskerFindsACardNextToOtherDigits() {
		var masker = new LogMasking.CardNumberMasker();
		// The pattern takes the expiry's digits too (18 digits, not a card): the card before it is still found.
		assertThat(masker.mask(CONTEXT, "card 4111 1111 1111 1111 12/27")).isEqualTo("card **** 12/27");
		assertThat(masker.mask(CONTEXT, "card 4111111111111111 05/27 ok")).isEqualTo("card **** 05/27 ok");
		// Digits before the card: the search goes on inside the candidate.
		assertThat(masker.mask(CONTEXT, "table 22 4111 1111 1111 1111")).isEqualTo("table 22 ****");
		assertThat(masker.mask(CONTEXT, "2 5500 0000 0000 0004 and 4111 1111 1111 1111 1"))
			.isEqualTo("2 **** and **** 1");
	}


	@Test
	void starterFieldsAreSkippedButTheSameNamesElsewhereAreMasked() {
		String json = maskedObject((generator) -> {
			generator.writeStringProperty("timestamp", "2026-11-26T09:51:43.410494444Z");
			generator.writeStringProperty("trace_id", "4111111111111111 password=x");
			generator.writeStringProperty("message", "card 4111 1111 1111 1111 and password=x");
			generator.writeStringProperty("order", "4111111111111111");
			generator.writeName("argument");
			generator.writeStartObject();
			generator.writeStringProperty("trace_id", "password=x");
			generator.writeEndObject();
		});
		assertThat(json).isEqualTo("{\"timestamp\":\"2026-11-26T09:51:43.410494444Z\","
				+ "\"trace_id\":\"4111111111111111 password=x\",\"message\":\"card **** and password=****\","
				+ "\"order\":\"****\",\"argument\":{\"trace_id\":\"password=****\"}}");
	}

	@Test
	void cardNumbersWrittenAsJsonNumbersAreMaskedOtherNumbersStay() {
		String json = maskedObject((generator) -> {
			generator.writeNumberProperty("card", 4111111111111111L);
			generator.writeName("big");
			generator.writeNumber(new java.math.BigInteger("5500000000000004"));
			// Sixteen digits that fail Luhn, and ordinary numbers: not cards.
			generator.writeNumberProperty("orderId", 4111111111111112L);
			generator.writeNumberProperty("count", 42L);
			// Luhn-valid, but 19 digits: a 64-bit id rather than a card (masked, it would turn into a string).
			generator.writeNumberProperty("id", 4000000000000000006L);
			generator.writeNumberProperty("small", 7);
		});
		assertThat(json).isEqualTo("{\"card\":\"****\",\"big\":\"****\",\"orderId\":4111111111111112,"
				+ "\"count\":42,\"id\":4000000000000000006,\"small\":7}");
	}

	@Test
	void sensitiveFieldNamesAreMaskedInEverySpellingAndRemembered() {
		String json = maskedObject((generator) -> {
			for (int i = 0; i < 2; i++) {
				generator.writeStringProperty("API_KEY", "k" + i);
				generator.writeStringProperty("apiKey", "k" + i);
				generator.writeStringProperty("keys", "k" + i);
			}
			generator.writeStringProperty("db_password", "s3cret");
			generator.writeStringProperty("X-Api-Key", "k3y");
		});
		assertThat(json).isEqualTo("{\"API_KEY\":\"****\",\"apiKey\":\"****\",\"keys\":\"k0\","
				+ "\"API_KEY\":\"****\",\"apiKey\":\"****\",\"keys\":\"k1\","
				+ "\"db_password\":\"****\",\"X-Api-Key\":\"****\"}");
	}

	@Test
	void aRawJsonValueIsWrittenThroughTheMaskingExactlyOrAsAMaskedString() {
		String json = maskedObject((generator) -> {
			generator.writeName("payload");
			generator.writeRawValue("{\"user\":\"bob\",\"password\":\"p1\",\"amount\":123456789012345678.91,"
					+ "\"items\":[{\"card\":\"4111 1111 1111 1111\",\"pan\":4111111111111111}],\"n\":null}");
			generator.writeName("broken");
			generator.writeRawValue("{\"token\":\"t1\"");
			generator.writeName("twoValues");
			generator.writeRawValue("{} {\"secret\":\"s1\"}");
			generator.writeName("secret");
			generator.writeRawValue("{\"a\":\"s2\"}");
		});
		assertThat(json).isEqualTo("{\"payload\":{\"user\":\"bob\",\"password\":\"****\",\"amount\":123456789012345678.91,"
				+ "\"items\":[{\"card\":\"****\",\"pan\":\"****\"}],\"n\":null},\"broken\":\"{\\\"token\\\":\\\"****\\\"\","
				+ "\"twoValues\":\"{} {\\\"secret\\\":\\\"****\\\"}\",\"secret\":\"****\"}");
		assertThat(JsonMapper.builder().build().readTree(json).isObject()).isTrue();
	}

	/** What the masking generator writes for one object with the given members. */
	private static String maskedObject(Consumer<JsonGenerator> members) {
		LogMasking masking = new LogMasking();
		masking.start();
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = masking.decorate(new JsonMapper().createGenerator(out))) {
			generator.writeStartObject();
			members.accept(generator);
			generator.writeEndObject();
		}
		return out.toString();
	}

}
