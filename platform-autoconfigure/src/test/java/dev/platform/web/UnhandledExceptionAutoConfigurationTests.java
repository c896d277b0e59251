package dev.platform.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

import static org.assertj.core.api.Assertions.assertThat;

class UnhandledExceptionAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UnhandledExceptionAutoConfiguration.class));

	@Test
	void answers500ThroughTheErrorPageAndKeepsTheExceptionOnTheObservation() {
		this.runner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/7");
			ServerRequestObservationContext observation = new ServerRequestObservationContext(request,
					new MockHttpServletResponse());
			request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, observation);
			MockHttpServletResponse response = new MockHttpServletResponse();
			IllegalStateException failure = new IllegalStateException("boom");
			ModelAndView answer = context.getBean(UnhandledExceptionResolver.class)
				.resolveException(request, response, null, failure);
			assertThat(answer).isNotNull().satisfies((mav) -> assertThat(mav.isEmpty()).isTrue());
			assertThat(response.getStatus()).isEqualTo(500);
			assertThat(response.getErrorMessage()).isNull();
			assertThat(observation.getError()).isSameAs(failure);
		});
	}

	@Test
	void leavesAClientThatWentAwayAlone() {
		this.runner.run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			ModelAndView answer = context.getBean(UnhandledExceptionResolver.class)
				.resolveException(new MockHttpServletRequest("GET", "/"), response, null,
						new AsyncRequestNotUsableException("Broken pipe"));
			assertThat(answer).isNotNull();
			assertThat(response.getStatus()).isEqualTo(200);
		});
	}

	@Test
	void answersARequestTomcatRefusedWithItsStatusAndLeavesTheContainersOtherFailuresToIt() {
		this.runner.run((context) -> {
			UnhandledExceptionResolver resolver = context.getBean(UnhandledExceptionResolver.class);
			MockHttpServletResponse refused = new MockHttpServletResponse();
			// Tomcat's own failure to decode a query string, as a handler reading a parameter meets it.
			IllegalStateException wrapped = new IllegalStateException("reading parameters failed",
					new org.apache.tomcat.util.http.InvalidParameterException("invalid %-encoding"));
			assertThat(resolver.resolveException(new MockHttpServletRequest("GET", "/search"), refused, null, wrapped))
				.isNotNull();
			assertThat(refused.getStatus()).isEqualTo(400);
			MockHttpServletResponse closed = new MockHttpServletResponse();
			assertThat(resolver.resolveException(new MockHttpServletRequest("GET", "/"), closed, null,
					new org.apache.coyote.CloseNowException("closed"))).isNull();
			assertThat(closed.getStatus()).isEqualTo(200);
		});
	}

	@Test
	void leavesSpringSecuritysExceptionsToItsFilter() {
		this.runner.run((context) -> {
			MockHttpServletResponse response = new MockHttpServletResponse();
			// @PreAuthorize's denial: Spring Security's ExceptionTranslationFilter answers it with 403.
			assertThat(context.getBean(UnhandledExceptionResolver.class)
				.resolveException(new MockHttpServletRequest("GET", "/admin"), response, null,
						new org.springframework.security.access.AccessDeniedException("denied"))).isNull();
			assertThat(response.getStatus()).isEqualTo(200);
		});
	}

	@Test
	void runsAfterEveryOtherResolver() {
		this.runner.run((context) -> assertThat(context.getBean(UnhandledExceptionResolver.class).getOrder())
			.isEqualTo(org.springframework.core.Ordered.LOWEST_PRECEDENCE));
	}

	@Test
	void canBeSwitchedOffOrReplaced() {
		this.runner.withPropertyValues("platform.web.log-unhandled-exceptions=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UnhandledExceptionResolver.class));
		UnhandledExceptionResolver own = new UnhandledExceptionResolver();
		this.runner.withBean("ownResolver", UnhandledExceptionResolver.class, () -> own)
			.run((context) -> assertThat(context).getBean(UnhandledExceptionResolver.class).isSameAs(own));
	}

}
