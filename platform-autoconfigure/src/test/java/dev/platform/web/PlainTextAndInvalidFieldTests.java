package dev.platform.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link PlainText} on a request body's field and {@link InvalidFieldException} from a handler: both answer the
 * starter's validation problem, the field and a message, never the value.
 */
class PlainTextAndInvalidFieldTests {

	private final LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();

	private final MockMvc mvc;

	PlainTextAndInvalidFieldTests() {
		this.validator.afterPropertiesSet();
		this.mvc = MockMvcBuilders.standaloneSetup(new NotesController())
			.setControllerAdvice(new PlatformProblemDetailsExceptionHandler())
			.setValidator(this.validator)
			.build();
	}

	@ParameterizedTest
	@ValueSource(strings = { "line one\nline two", "tab\there", "esc \u001b[31m", "nul \u0000", "bell \u0007",
			"del \u007f", "c1 \u0085", "override \u202e", "isolate \u2066x\u2069", "lone \ud800", "low \udc00 alone" })
	void rejectsControlCharactersLoneSurrogatesAndBidiControls(String text) {
		assertThat(this.validator.validate(new Note(text))).singleElement()
			.satisfies((violation) -> assertThat(violation.getMessage())
				.isEqualTo("must not contain control characters, lone surrogates or bidirectional overrides"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Ada Lovelace", "Zoë Saldaña", "東京都", "emoji \ud83d\ude80 pair", "right-to-left \u05e9\u05dc\u05d5\u05dd",
			"left mark \u200e ok", "quotes \"'<>&" })
	void acceptsPrintableTextInAnyScript(String text) {
		assertThat(this.validator.validate(new Note(text))).isEmpty();
	}

	@Test
	void nullIsLeftToOtherConstraints() {
		assertThat(this.validator.validate(new Note(null))).isEmpty();
	}

	@Test
	void aRejectedFieldIsListedWithoutItsValue() throws Exception {
		this.mvc.perform(post("/notes").contentType(MediaType.APPLICATION_JSON)
			.content("{\"text\":\"forged\\nINFO admin logged in\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("The request has invalid fields."))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value("text"))
			.andExpect(jsonPath("$.errors[0].message")
				.value("must not contain control characters, lone surrogates or bidirectional overrides"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("forged"))));
	}

	@Test
	void aHandlersOwnCheckAnswersTheSameShape() throws Exception {
		this.mvc.perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"" + "x".repeat(41) + "\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value("The request has invalid fields."))
			.andExpect(jsonPath("$.errors", hasSize(1)))
			.andExpect(jsonPath("$.errors[0].field").value("text"))
			.andExpect(jsonPath("$.errors[0].message").value("must be at most 40 bytes in UTF-8"));
	}

	@Test
	void validTextReachesTheHandler() throws Exception {
		this.mvc.perform(post("/notes").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"Zoë\"}"))
			.andExpect(status().isOk())
			.andExpect(content().string("Zoë"));
	}

	record Note(@PlainText String text) {
	}

	record NoteRequest(@NotBlank @PlainText String text) {
	}

	@RestController
	static class NotesController {

		@PostMapping(path = "/notes", produces = "text/plain;charset=UTF-8")
		String create(@Valid @RequestBody NoteRequest note) {
			if (note.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 40) {
				throw new InvalidFieldException("text", "must be at most 40 bytes in UTF-8");
			}
			return note.text();
		}

	}

}
