package dev.platform.metrics;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpServerObservationAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpServerObservationAutoConfiguration.class));

	@Test
	void providesTheConventionUnderBootsObservationName() {
		this.runner.run((context) -> assertThat(context.getBean(ServerRequestObservationConvention.class))
			.isInstanceOf(NotFoundUriObservationConvention.class)
			.extracting(ServerRequestObservationConvention::getName)
			.isEqualTo("http.server.requests"));
		this.runner.withPropertyValues("management.observations.http.server.requests.name=api.requests")
			.run((context) -> assertThat(context.getBean(ServerRequestObservationConvention.class).getName())
				.isEqualTo("api.requests"));
	}

	@Test
	void backsOffForTheApplicationsConvention() {
		DefaultServerRequestObservationConvention own = new DefaultServerRequestObservationConvention();
		this.runner.withBean(ServerRequestObservationConvention.class, () -> own)
			.run((context) -> assertThat(context.getBean(ServerRequestObservationConvention.class)).isSameAs(own));
	}

	@Test
	void aNotFoundFromTheStaticResourceCatchAllIsNotFound() {
		assertThat(uri(404, "/**")).isEqualTo("NOT_FOUND");
	}

	@Test
	void aStaticResourceThatIsFoundAndARouteThatAnswers404KeepTheirPattern() {
		assertThat(uri(200, "/**")).isEqualTo("/**");
		assertThat(uri(404, "/orders/{id}")).isEqualTo("/orders/{id}");
		assertThat(uri(404, null)).isEqualTo("NOT_FOUND");
		assertThat(uri(405, null)).isEqualTo("UNKNOWN");
	}

	private static String uri(int status, String pattern) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(
				new MockHttpServletRequest("GET", "/wp-login.php"), response);
		context.setPathPattern(pattern);
		return new NotFoundUriObservationConvention("http.server.requests").getLowCardinalityKeyValues(context)
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals("uri"))
			.map(KeyValue::getValue)
			.findFirst()
			.orElseThrow();
	}

}
