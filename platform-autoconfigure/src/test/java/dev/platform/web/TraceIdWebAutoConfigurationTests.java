package dev.platform.web;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TraceIdWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceIdWebAutoConfiguration.class));

	@Test
	void withoutTracingThereIsNoTraceIdButEverythingStillWorks() {
		this.runner.run((context) -> {
			assertThat(context.getBean(TraceIdSource.class).currentTraceId()).isNull();
			assertThat(context).hasSingleBean(ProblemResponseWriter.class)
				.hasSingleBean(TraceIdProblemDetailAdvice.class)
				.hasBean("traceIdResponseHeaderFilter");
		});
	}

	@Test
	void usesMicrometerTracingWhenPresent() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context.getBean(TraceIdSource.class)).isInstanceOf(MicrometerTraceIdSource.class));
	}

	@Test
	void problemWriterAddsTheTraceIdAndTheProblemContentType() throws Exception {
		this.runner.withBean(TraceIdSource.class, () -> () -> "0af7651916cd43dd8448eb211c80319c").run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Token expired");
			problem.setProperty("code", "expired");
			context.getBean(ProblemResponseWriter.class).write(response, problem);
			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getContentType()).startsWith("application/problem+json");
			assertThat(response.getContentAsString()).contains("\"traceId\":\"0af7651916cd43dd8448eb211c80319c\"")
				.contains("\"detail\":\"Token expired\"")
				.contains("\"code\":\"expired\"")
				.contains("\"status\":401");
		});
	}

	@Test
	void headerSwitchedOffByEmptyName() {
		this.runner.withPropertyValues("platform.web.trace-id-header=")
			.run((context) -> assertThat(context).doesNotHaveBean("traceIdResponseHeaderFilter"));
	}

	@Test
	void headerNameIsConfigurable() {
		this.runner.withPropertyValues("platform.web.trace-id-header=Trace-Id").run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("traceIdResponseHeaderFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(TraceIdResponseHeaderFilter.class)
				.hasFieldOrPropertyWithValue("headerName", "Trace-Id");
		});
	}

	@Test
	void backsOffWhenUserDefinesTheBeans() {
		TraceIdSource own = () -> "own";
		this.runner.withBean(TraceIdSource.class, () -> own)
			.run((context) -> assertThat(context.getBean(TraceIdSource.class)).isSameAs(own));
	}

	@Test
	void doesNothingOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TraceIdWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceIdSource.class));
	}

}
