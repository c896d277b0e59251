package dev.platform.web;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class UntrustedTraceContextAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UntrustedTraceContextAutoConfiguration.class));

	@Test
	void trustsTheTraceContextOfRequestsByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("untrustedTraceContextFilter"));
	}

	@Test
	void anEdgeHidesTheTraceContextFromEverythingAfterTheFilterAndKeepsTheOtherHeaders() {
		this.runner.withPropertyValues("platform.web.trust-trace-context=false").run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("untrustedTraceContextFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getOrder()).as("before Boot's server observation filter")
				.isLessThan(Ordered.HIGHEST_PRECEDENCE + 1);
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("traceparent", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-00");
			request.addHeader("TraceState", "vendor=x");
			request.addHeader("baggage", "tenant=evil");
			request.addHeader("b3", "0123456789abcdef0123456789abcdef-0123456789abcdef-0");
			request.addHeader("X-B3-TraceId", "0123456789abcdef0123456789abcdef");
			request.addHeader("X-B3-Sampled", "0");
			request.addHeader("Authorization", "Bearer t");
			request.addHeader("Accept", "application/json");
			HttpServletRequest seen = seenBy(registration.getFilter(), request);
			assertThat(seen.getHeader("traceparent")).isNull();
			assertThat(seen.getHeader("TRACEPARENT")).isNull();
			assertThat(Collections.list(seen.getHeaders("tracestate"))).isEmpty();
			assertThat(seen.getHeader("baggage")).isNull();
			assertThat(seen.getHeader("b3")).isNull();
			assertThat(seen.getIntHeader("X-B3-Sampled")).isEqualTo(-1);
			assertThat(Collections.list(seen.getHeaderNames())).containsExactlyInAnyOrder("Authorization", "Accept");
			assertThat(seen.getHeader("authorization")).isEqualTo("Bearer t");
		});
	}

	@Test
	void aRequestWithoutTraceContextIsPassedOnAsItIs() {
		this.runner.withPropertyValues("platform.web.trust-trace-context=false").run((context) -> {
			Filter filter = context.getBean("untrustedTraceContextFilter", FilterRegistrationBean.class).getFilter();
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
			request.addHeader("Accept", "application/json");
			assertThat(seenBy(filter, request)).isSameAs(request);
		});
	}

	@Test
	void hidesTheHeadersOfBaggageRemoteFieldsToo() {
		this.runner.withPropertyValues("platform.web.trust-trace-context=false",
				"management.tracing.baggage.remote-fields=Tenant-Id,region")
			.run((context) -> {
				Filter filter = context.getBean("untrustedTraceContextFilter", FilterRegistrationBean.class)
					.getFilter();
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
				request.addHeader("tenant-id", "evil");
				request.addHeader("Region", "eu");
				request.addHeader("Accept", "application/json");
				HttpServletRequest seen = seenBy(filter, request);
				assertThat(seen.getHeader("tenant-id")).isNull();
				assertThat(seen.getHeader("region")).isNull();
				assertThat(Collections.list(seen.getHeaderNames())).containsExactly("Accept");
			});
	}

	@Test
	void aReactiveApplicationThatAsksForItFailsToStartNamingTheProperty() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UntrustedTraceContextAutoConfiguration.class))
			.withPropertyValues("platform.web.trust-trace-context=false")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("platform.web.trust-trace-context")));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UntrustedTraceContextAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static HttpServletRequest seenBy(Filter filter, MockHttpServletRequest request) throws Exception {
		AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
		filter.doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
					@Override
					protected void service(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
						seen.set(req);
					}
				}));
		return seen.get();
	}

}
