package dev.platform.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Constraints on a controller's parameters (Spring MVC's method validation): the problem lists each rejected
 * parameter by the name the client sent, with its constraint's message and without the value.
 */
class MethodValidationProblemsTests {

	private final MockMvc mvc;

	MethodValidationProblemsTests() {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		this.mvc = MockMvcBuilders.standaloneSetup(new PagedController())
			.setControllerAdvice(new PlatformProblemDetailsExceptionHandler())
			.setValidator(validator)
			.build();
	}

	@Test
	void namesEachRejectedParameterAsTheClientSentIt() throws Exception {
		this.mvc.perform(get("/shelves/abcdef/books").param("page", "-1").param("page-size", "1000")
			.header("X-Tenant", "t"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("The request has invalid parameters."))
			.andExpect(jsonPath("$.errors", hasSize(4)))
			.andExpect(jsonPath("$.errors[?(@.parameter == 'shelf')].message").value("size must be between 1 and 3"))
			.andExpect(jsonPath("$.errors[?(@.parameter == 'page')].message")
				.value("must be greater than or equal to 0"))
			.andExpect(jsonPath("$.errors[?(@.parameter == 'page-size')].message")
				.value("must be less than or equal to 100"))
			.andExpect(jsonPath("$.errors[?(@.parameter == 'X-Tenant')].message").value("size must be between 2 and 8"))
			.andExpect(jsonPath("$.errors[*].message").value(org.hamcrest.Matchers.everyItem(
					org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("abcdef")))));
	}

	@Test
	void validParametersReachTheHandler() throws Exception {
		this.mvc.perform(get("/shelves/abc/books").param("page", "2").header("X-Tenant", "acme"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$").value("abc:2:20:acme"));
	}

	@Test
	void aResultThatFailsItsConstraintsIsTheServersErrorNotTheClients() throws Exception {
		this.mvc.perform(get("/motto"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.errors").doesNotExist())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not("The request has invalid parameters.")));
	}

	@RestController
	static class PagedController {

		@GetMapping("/motto")
		@Size(max = 5)
		String motto() {
			return "far too long for its constraint";
		}

		@GetMapping("/shelves/{shelf}/books")
		String books(@PathVariable("shelf") @Size(min = 1, max = 3) String shelf,
				@RequestParam(defaultValue = "0") @Min(0) int page,
				@RequestParam(name = "page-size", defaultValue = "20") @Min(1) @Max(100) int size,
				@RequestHeader("X-Tenant") @Size(min = 2, max = 8) String tenant) {
			return shelf + ":" + page + ":" + size + ":" + tenant;
		}

	}

}
