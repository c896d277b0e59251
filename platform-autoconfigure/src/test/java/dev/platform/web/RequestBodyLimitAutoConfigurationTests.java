package dev.platform.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.util.unit.DataSize;

import dev.platform.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceIdWebAutoConfiguration.class,
				RequestBodyLimitAutoConfiguration.class));

	@Test
	void limitsBodiesToOneMegabyteByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RequestBodyTooLargeExceptionResolver.class);
			FilterRegistrationBean<?> registration = context.getBean("requestBodyLimitFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestBodyLimitFilter.class)
				.hasFieldOrPropertyWithValue("limit", DataSize.ofMegabytes(1));
			assertThat(registration.getOrder()).isEqualTo(TraceIdWebAutoConfiguration.TRACE_ID_FILTER_ORDER + 1);
		});
	}

	@Test
	void givesMultipartRequestsTheMultipartLimitWhenMultipartParsingIsOn() {
		this.runner.withConfiguration(AutoConfigurations.of(MultipartAutoConfiguration.class))
			.withPropertyValues("spring.servlet.multipart.max-request-size=20MB")
			.run((context) -> assertThat(context.getBean("requestBodyLimitFilter", FilterRegistrationBean.class)
				.getFilter()).hasFieldOrPropertyWithValue("limit", DataSize.ofMegabytes(1))
				.hasFieldOrPropertyWithValue("multipartLimit", DataSize.ofMegabytes(20)));
		this.runner.run((context) -> assertThat(context.getBean("requestBodyLimitFilter", FilterRegistrationBean.class)
			.getFilter()).hasFieldOrPropertyWithValue("multipartLimit", DataSize.ofMegabytes(1)));
	}

	@Test
	void takesTheConfiguredLimit() {
		this.runner.withPropertyValues("platform.web.max-request-body-size=64KB")
			.run((context) -> assertThat(context.getBean("requestBodyLimitFilter", FilterRegistrationBean.class)
				.getFilter()).hasFieldOrPropertyWithValue("limit", DataSize.ofKilobytes(64)));
	}

	@Test
	void minusOneSwitchesTheLimitOff() {
		this.runner.withPropertyValues("platform.web.max-request-body-size=-1")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("requestBodyLimitFilter")
				.doesNotHaveBean(RequestBodyTooLargeExceptionResolver.class));
	}

	@Test
	void aLimitOfNothingOrBelowMinusOneFailsStartupNamingTheProperty() {
		for (String value : new String[] { "0", "0KB", "-2" }) {
			this.runner.withPropertyValues("platform.web.max-request-body-size=" + value)
				.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure()))
					.contains("platform.web.max-request-body-size", "more than 0 bytes, or -1 for no limit"));
		}
	}

	@Test
	void aLimitThatIsNoSizeFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("platform.web.max-request-body-size=lots")
			.run((context) -> assertThat(StartupFailures.describe(context.getStartupFailure()))
				.contains("platform.web.max-request-body-size"));
	}

	@Test
	void theApplicationsOwnBeansWin() {
		RequestBodyTooLargeExceptionResolver own = new RequestBodyTooLargeExceptionResolver(
				new ProblemResponseWriter(() -> null));
		FilterRegistrationBean<RequestBodyLimitFilter> ownFilter = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(DataSize.ofBytes(10), new ProblemResponseWriter(() -> null)));
		this.runner.withBean(RequestBodyTooLargeExceptionResolver.class, () -> own)
			.withBean("requestBodyLimitFilter", FilterRegistrationBean.class, () -> ownFilter)
			.run((context) -> {
				assertThat(context.getBean(RequestBodyTooLargeExceptionResolver.class)).isSameAs(own);
				assertThat(context.getBean("requestBodyLimitFilter")).isSameAs(ownFilter);
			});
	}

	@Test
	void staysOutOfApplicationsThatAreNotServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceIdWebAutoConfiguration.class,
					RequestBodyLimitAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("requestBodyLimitFilter"));
	}

}
