package dev.platform.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.core.MethodParameter;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemDetailsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withPropertyValues("spring.mvc.problemdetails.enabled=true");

	record Item(int quantity) {
	}

	record Order(List<Item> items) {
	}

	@Test
	void replacesBootsProblemDetailsHandler() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
			.hasSingleBean(PlatformProblemDetailsExceptionHandler.class));
	}

	@Test
	void backsOffForTheApplicationsHandlerAndWithoutProblemDetails() {
		this.runner.withBean("mine", ResponseEntityExceptionHandler.class, () -> new ResponseEntityExceptionHandler() {
		}).run((context) -> assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
			.doesNotHaveBean(PlatformProblemDetailsExceptionHandler.class));
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class));
	}

	@Test
	void namesTheFieldWhoseValueHasTheWrongTypeButNotTheValue() {
		ProblemDetail problem = problemFor("{\"items\":[{\"quantity\":1},{\"quantity\":\"lots-of-secret\"}]}");
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getDetail()).isEqualTo("The value of 'items[1].quantity' has the wrong type or form.");
		assertThat(problemFor("{\"items\":[{\"quantity\":2147483648}]}").getDetail())
			.isEqualTo("The value of 'items[0].quantity' has the wrong type or form.");
	}

	@Test
	void saysWhereTheBodyStopsBeingJson() {
		assertThat(problemFor("{\"items\":\n[{\"quantity\" 1}]}").getDetail())
			.startsWith("The body is not valid JSON (line 2, column ");
		assertThat(problemFor("[1, 2]").getDetail()).isEqualTo("The body does not have the expected form.");
	}

	@Test
	void namesTheKeyAnObjectHasTwice() {
		JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		assertThat(problemFor(strict, "{\"items\":[{\"quantity\":1,\n\"quantity\":1000}]}").getDetail())
			.isEqualTo("The body has the key 'quantity' twice in one object (line 2, column 11).");
	}

	@Test
	void listsTheRejectedFieldsWithTheirMessagesButNotTheirValues() throws Exception {
		BeanPropertyBindingResult result = new BeanPropertyBindingResult(new Object(), "order");
		result.addError(new FieldError("order", "items[0].sku", "secret-sku", false, null, null, "must not be blank"));
		result.addError(new FieldError("order", "paymentMethod", "", false, null, null, "must not be blank"));
		result.addError(new ObjectError("order", "the total is too large"));
		MethodParameter parameter = new MethodParameter(
				ProblemDetailsAutoConfigurationTests.class.getDeclaredMethod("place", Order.class), 0);
		ProblemDetail problem = handle(new MethodArgumentNotValidException(parameter, result));
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getDetail()).isEqualTo("The request has invalid fields.");
		assertThat(problem.getProperties()).containsEntry("errors",
				List.of(Map.of("field", "items[0].sku", "message", "must not be blank"),
						Map.of("field", "paymentMethod", "message", "must not be blank"),
						Map.of("message", "the total is too large")));
		assertThat(String.valueOf(problem.getProperties())).doesNotContain("secret-sku");
	}

	void place(Order order) {
	}

	@Test
	void keepsSpringsDetailWhenJacksonHasNothingToAdd() {
		HttpMessageNotReadableException missing = new HttpMessageNotReadableException("Required request body is missing",
				new MockHttpInputMessage(new byte[0]));
		assertThat(handle(missing).getDetail()).isEqualTo("Failed to read request");
	}

	private static ProblemDetail problemFor(String json) {
		return problemFor(JsonMapper.builder().build(), json);
	}

	private static ProblemDetail problemFor(JsonMapper mapper, String json) {
		JacksonException failure = catchThrowableOfType(JacksonException.class,
				() -> mapper.readValue(json, Order.class));
		assertThat(failure).as("Jackson refuses %s", json).isNotNull();
		return handle(new HttpMessageNotReadableException("JSON parse error", failure,
				new MockHttpInputMessage(json.getBytes())));
	}

	private static ProblemDetail handle(Exception ex) {
		try {
			ResponseEntity<Object> response = new PlatformProblemDetailsExceptionHandler().handleException(ex,
					new ServletWebRequest(new MockHttpServletRequest()));
			return (ProblemDetail) response.getBody();
		}
		catch (Exception unexpected) {
			throw new IllegalStateException(unexpected);
		}
	}

}
