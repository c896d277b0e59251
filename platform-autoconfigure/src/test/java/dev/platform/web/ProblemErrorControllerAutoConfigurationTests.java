package dev.platform.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				ErrorMvcAutoConfiguration.class, TraceIdWebAutoConfiguration.class,
				ProblemErrorControllerAutoConfiguration.class));

	@Test
	void replacesBootsErrorControllerUnderItsName() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ErrorController.class);
			assertThat(context.getBean("basicErrorController")).isInstanceOf(ProblemErrorController.class);
		});
	}

	@Test
	void answersAProblemBodyFromTheErrorAttributes() {
		this.runner.withPropertyValues("spring.web.error.include-message=always").run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
			request.setAttribute("jakarta.servlet.error.status_code", 404);
			request.setAttribute("jakarta.servlet.error.request_uri", "/no where");
			request.setAttribute("jakarta.servlet.error.message", "Nothing here");
			ResponseEntity<Map<String, Object>> response = context.getBean(ProblemErrorController.class)
				.error((HttpServletRequest) request);
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getBody()).containsEntry("type", "about:blank")
				.containsEntry("title", "Not Found")
				.containsEntry("status", 404)
				.containsEntry("detail", "Nothing here")
				.containsEntry("instance", "/no%20where")
				.doesNotContainKeys("timestamp", "error", "path");
		});
	}

	@Test
	void keepsTheMessageOutOfTheBodyByDefault() {
		this.runner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
			request.setAttribute("jakarta.servlet.error.status_code", 500);
			request.setAttribute("jakarta.servlet.error.exception", new IllegalStateException("secret"));
			assertThat(context.getBean(ProblemErrorController.class).error(request).getBody())
				.containsEntry("status", 500)
				.doesNotContainKey("detail");
		});
	}

	@Test
	void backsOffForAnErrorControllerOfTheApplication() {
		this.runner.withBean("myErrorController", ErrorController.class, () -> new ErrorController() {
		}).run((context) -> assertThat(context).hasSingleBean(ErrorController.class)
			.doesNotHaveBean(ProblemErrorController.class)
			.hasBean("myErrorController"));
	}

	@Test
	void leavesBootsControllerWhenSwitchedOff() {
		this.runner.withPropertyValues("platform.web.problem-errors=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProblemErrorController.class);
			assertThat(context.getBean(ErrorController.class)).isExactlyInstanceOf(BasicErrorController.class);
		});
	}

}
