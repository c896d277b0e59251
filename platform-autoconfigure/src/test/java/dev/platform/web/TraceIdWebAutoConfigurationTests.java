package dev.platform.web;

import java.util.Map;

import dev.platform.StartupFailures;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.MapPropertySource;
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
	void headerSwitchedOffByBlankName() {
		// TestPropertyValues trims values, so the blank value goes in as a property source of its own
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("blank", Map.of("platform.web.trace-id-header", "  "))))
			.run((context) -> assertThat(context).doesNotHaveBean("traceIdResponseHeaderFilter"));
	}

	@Test
	void headerConditionEvaluatesNoExpression() {
		this.runner.withInitializer((context) -> context.addBeanFactoryPostProcessor(new ExpressionsRejected()))
			.run((context) -> assertThat(context).hasNotFailed().hasBean("traceIdResponseHeaderFilter"));
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
	void failsStartupNamingAHeaderNameThatIsNoHttpToken() {
		// A colon or a space would be written into the response's header block as it is.
		this.runner.withPropertyValues("platform.web.trace-id-header=Trace Id:").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.describe(context.getStartupFailure()))
				.contains("Property: platform.web.trace-id-header")
				.contains("is no HTTP header name");
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

	/**
	 * Fails every SpEL expression (as {@code @ConditionalOnExpression} evaluates them through the bean factory's
	 * resolver) before the configuration classes are processed. Hiding {@code org.springframework.expression}
	 * with a {@code FilteredClassLoader} does not prove this: the context loads SpEL with its own class loader.
	 */
	static class ExpressionsRejected implements BeanDefinitionRegistryPostProcessor {

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
			((ConfigurableListableBeanFactory) registry).setBeanExpressionResolver((value, evaluationContext) -> {
				if (value != null && value.contains("#{")) {
					throw new IllegalStateException("SpEL evaluated: " + value);
				}
				return value;
			});
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		}

	}

}
