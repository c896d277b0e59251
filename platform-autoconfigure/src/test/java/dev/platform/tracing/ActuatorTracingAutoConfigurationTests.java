package dev.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorTracingAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActuatorTracingAutoConfiguration.class));

	@Test
	void dropsObservationsOfActuatorRequestsOnly() {
		this.runner.run((context) -> {
			ObservationPredicate predicate = context.getBean("actuatorRequestsObservationPredicate",
					ObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", server("/actuator/health"))).isFalse();
			assertThat(predicate.test("http.server.requests", server("/actuator"))).isFalse();
			assertThat(predicate.test("http.server.requests", server("/actuatorial/report"))).isTrue();
			assertThat(predicate.test("http.server.requests", server("/orders"))).isTrue();
			assertThat(predicate.test("custom", new Observation.Context())).isTrue();
		});
	}

	@Test
	void dropsWhatIsObservedWhileAnActuatorRequestIsHandled() {
		// The health indicator's JDBC connection, for one: with its parent dropped it would be a trace of its own.
		ActuatorRequestsObservationPredicate predicate = new ActuatorRequestsObservationPredicate("/actuator");
		try {
			RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request("", "/actuator/health")));
			assertThat(predicate.test("jdbc.connection", new Observation.Context())).isFalse();
			RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request("", "/orders")));
			assertThat(predicate.test("jdbc.connection", new Observation.Context())).isTrue();
			RequestContextHolder.resetRequestAttributes();
			assertThat(predicate.test("jdbc.connection", new Observation.Context())).isTrue();
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}
	}

	@Test
	void looksBehindTheContextPath() {
		ActuatorRequestsObservationPredicate predicate = new ActuatorRequestsObservationPredicate("/actuator");
		assertThat(predicate.test("http.server.requests", server("/shop", "/shop/actuator/health"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/shop", "/shop/actuator"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/shop", "/shop/actuatorx"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/shop", "/shop/orders"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/shop", "/shop"))).isTrue();
		assertThat(predicate.test("http.server.requests", server("/actuator/health"))).isFalse();
		assertThat(predicate.test("http.server.requests", server("/actuato"))).isTrue();
	}

	@Test
	void looksBehindTheDispatcherServletPath() {
		this.runner.withPropertyValues("spring.mvc.servlet.path=/api/").run((context) -> {
			ObservationPredicate predicate = context.getBean(ObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", servlet("/shop", "/api", "/actuator/health"))).isFalse();
			assertThat(predicate.test("http.server.requests", servlet("", "/api", "/actuator"))).isFalse();
			assertThat(predicate.test("http.server.requests", servlet("", "/api", "/orders"))).isTrue();
			assertThat(predicate.test("http.server.requests", servlet("", "/api", "/actuatorx"))).isTrue();
			// Another servlet's path within it says nothing about the actuator.
			assertThat(predicate.test("http.server.requests", servlet("", "/files", "/actuator/health"))).isTrue();
		});
		// Without a servlet path, a servlet mapped elsewhere is not taken for the DispatcherServlet.
		this.runner.run((context) -> assertThat(context.getBean(ObservationPredicate.class)
			.test("http.server.requests", servlet("", "/files", "/actuator/health"))).isTrue());
	}

	@Test
	void followsACustomActuatorBasePath() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			ObservationPredicate predicate = context.getBean(ObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", server("/manage/prometheus"))).isFalse();
			assertThat(predicate.test("http.server.requests", server("/actuator/health"))).isTrue();
		});
	}

	@Test
	void keepsApplicationRequestsWhenTheActuatorBasePathIsRoot() {
		for (String root : new String[] { "/", "" }) {
			this.runner.withPropertyValues("management.endpoints.web.base-path=" + root).run((context) -> {
				ObservationPredicate predicate = context.getBean(ObservationPredicate.class);
				assertThat(predicate.test("http.server.requests", server("/orders"))).as("base path '%s'", root)
					.isTrue();
				assertThat(predicate.test("http.server.requests", server("/"))).as("base path '%s'", root).isTrue();
			});
		}
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("platform.tracing.ignore-actuator-requests=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationPredicate.class));
	}

	@Test
	void backsOffWhenUserDefinesThePredicate() {
		this.runner.withBean("actuatorRequestsObservationPredicate", ObservationPredicate.class,
				() -> (name, context) -> true)
			.run((context) -> assertThat(context.getBean(ObservationPredicate.class)
				.test("http.server.requests", server("/actuator/health"))).isTrue());
	}

	@Test
	void doesNothingOutsideServletApplications() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ActuatorTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationPredicate.class));
	}

	static ServerRequestObservationContext server(String contextPath, String path) {
		return new ServerRequestObservationContext(request(contextPath, path), new MockHttpServletResponse());
	}

	static MockHttpServletRequest request(String contextPath, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setContextPath(contextPath);
		return request;
	}

	static ServerRequestObservationContext servlet(String contextPath, String servletPath, String pathInfo) {
		MockHttpServletRequest request = request(contextPath, contextPath + servletPath + pathInfo);
		request.setServletPath(servletPath);
		request.setPathInfo(pathInfo);
		return new ServerRequestObservationContext(request, new MockHttpServletResponse());
	}

	static ServerRequestObservationContext server(String path) {
		return new ServerRequestObservationContext(new MockHttpServletRequest("GET", path),
				new MockHttpServletResponse());
	}

}
