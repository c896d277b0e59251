package dev.platform.identity;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceIdentityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServiceIdentityAutoConfiguration.class));

	@Test
	void identityComesFromTheResolvedProperties() {
		this.runner
			.withPropertyValues("spring.application.name=orders",
					"management.opentelemetry.resource-attributes.service.version=2.0.0",
					"management.opentelemetry.resource-attributes.deployment.environment.name=prod",
					"management.opentelemetry.resource-attributes.service.instance.id=abc")
			.run((context) -> assertThat(context.getBean(ServiceIdentity.class))
				.isEqualTo(new ServiceIdentity("orders", "2.0.0", "prod", "abc")));
	}

	@Test
	void failsStartupWhenTheServiceHasNoName() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(MissingServiceNameException.class);
			FailureAnalysis analysis = new MissingServiceNameFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("spring.application.name");
			assertThat(analysis.getAction()).contains("spring.application.name").contains("OTEL_SERVICE_NAME");
		});
	}

	@Test
	void failsBeforeAnyBeanIsCreated() {
		this.runner.withBean("eager", Object.class, () -> {
			throw new IllegalStateException("created before the name was checked");
		}).run((context) -> assertThat(context.getStartupFailure())
			.isInstanceOf(MissingServiceNameException.class));
	}

	@Test
	void backsOffWhenUserDefinesTheIdentity() {
		this.runner.withUserConfiguration(UserIdentity.class)
			.run((context) -> assertThat(context.getBean(ServiceIdentity.class).name()).isEqualTo("custom"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIdentity {

		@Bean
		ServiceIdentity customIdentity() {
			return new ServiceIdentity("custom", null, "local", "1");
		}

	}

}
