package dev.platform.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A parameter, path variable or header that cannot be converted: the problem names it and says what it must be,
 * and never repeats the value that was sent (Spring's detail does: "Failed to convert 'id' with value: ...").
 */
class TypeMismatchProblemsTests {

	private static final String SENT = "x<script>";

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ShopController())
		.setControllerAdvice(new PlatformProblemDetailsExceptionHandler())
		.build();

	@Test
	void pathVariable() throws Exception {
		expect(this.mvc.perform(get("/orders/{id}", SENT)), "id", "'id' must be a UUID.");
	}

	@Test
	void requestParameters() throws Exception {
		expect(this.mvc.perform(get("/orders").param("page", SENT)), "page", "'page' must be a whole number.");
		expect(this.mvc.perform(get("/orders").param("status", SENT)), "status",
				"'status' must be one of OPEN, PAID, SHIPPED.");
		expect(this.mvc.perform(get("/orders").param("since", SENT)), "since", "'since' must be a date (2026-01-31).");
		expect(this.mvc.perform(get("/orders").param("paid", SENT)), "paid", "'paid' must be true or false.");
		expect(this.mvc.perform(get("/orders").param("min-total", SENT)), "min-total", "'min-total' must be a number.");
		expect(this.mvc.perform(get("/orders").param("ids", "1," + SENT)), "ids",
				"'ids' must be a list, each item a whole number.");
	}

	@Test
	void header() throws Exception {
		expect(this.mvc.perform(get("/orders").header("X-Tenant-Id", SENT)), "X-Tenant-Id",
				"'X-Tenant-Id' must be a whole number.");
	}

	@Test
	void valuesOfTheRightTypeReachTheHandler() throws Exception {
		this.mvc.perform(get("/orders").param("page", "2").param("status", "PAID").param("since", "2026-01-31")
			.param("ids", "1,2").header("X-Tenant-Id", "7"))
			.andExpect(status().isOk())
			.andExpect(content().string("2:PAID:2026-01-31:[1, 2]:7"));
	}

	private static void expect(ResultActions result, String parameter, String detail) throws Exception {
		result.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(detail))
			.andExpect(jsonPath("$.parameter").value(parameter))
			// Only "instance", the request's path as RFC 9457 has it, may hold what was sent in the path.
			.andExpect(jsonPath("$.detail").value(not(containsString("script"))))
			.andExpect(jsonPath("$.title").value(not(containsString("script"))));
	}

	enum Status {

		OPEN, PAID, SHIPPED

	}

	@RestController
	static class ShopController {

		@GetMapping("/orders/{id}")
		String order(@PathVariable UUID id) {
			return id.toString();
		}

		@GetMapping("/orders")
		String orders(@RequestParam(defaultValue = "0") int page, @RequestParam Optional<Status> status,
				@RequestParam(required = false) LocalDate since, @RequestParam(required = false) Boolean paid,
				@RequestParam(name = "min-total", required = false) java.math.BigDecimal minTotal,
				@RequestParam(required = false) List<Long> ids,
				@RequestHeader(name = "X-Tenant-Id", required = false) Long tenant) {
			return page + ":" + status.orElse(null) + ":" + since + ":" + ids + ":" + tenant;
		}

	}

}
