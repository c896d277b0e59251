package dev.platform.environment;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.platform.identity.ServiceIdentityEnvironmentPostProcessor;
import dev.platform.logging.LoggingEnvironmentPostProcessor;
import dev.platform.metrics.MetricsEnvironmentPostProcessor;
import dev.platform.tracing.TracingEnvironmentPostProcessor;
import dev.platform.web.WebEnvironmentPostProcessor;
import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The starter's post-processors in Boot's order, over an environment with application properties and
 * {@code OTEL_*} variables: Spring properties win over the variables, which win over the starter defaults.
 */
class PlatformEnvironmentPostProcessorsTests {

	private final Map<String, Object> systemEnvironment = new HashMap<>();

	private final Map<String, Object> applicationProperties = new HashMap<>();

	private StandardEnvironment process() {
		StandardEnvironment environment = new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return PlatformEnvironmentPostProcessorsTests.this.systemEnvironment;
			}

		};
		environment.getPropertySources()
			.addLast(new MapPropertySource("Config resource 'application.properties'", this.applicationProperties));
		SpringApplication application = new SpringApplication();
		new TracingEnvironmentPostProcessor(Supplier::get).postProcessEnvironment(environment, application);
		new ServiceIdentityEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		new MetricsEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		new WebEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		new LoggingEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		return environment;
	}

	@Test
	void defaultsFollowTheGoodPatterns() {
		this.applicationProperties.put("spring.application.name", "orders");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://localhost:4318/v1/traces");
		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
		assertThat(environment.getProperty("management.endpoints.jackson2.isolated-object-mapper")).isEqualTo("false");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("orders");
		assertThat(environment.getProperty("management.metrics.tags.environment")).isEqualTo("local");
		assertThat(environment.getProperty("spring.rabbitmq.listener.simple.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.rabbitmq.template.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("logging.config")).isNull();
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.instance.id"))
			.hasSize(36);
	}

	@ParameterizedTest
	@ValueSource(strings = { "platform.logging.enabled", "platform.logging.otlp.enabled" })
	void aLoggingSwitchThatIsNoBooleanNamesItsProperty(String property) {
		this.applicationProperties.put("spring.application.name", "orders");
		this.applicationProperties.put(property, "maybe");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(this::process)
			.withMessageContaining(property)
			.withMessageContaining("maybe")
			.withMessageContaining("must be true or false");
	}

	@Test
	void requestHistogramsHaveServiceLevelBuckets() {
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.metrics.distribution.slo[http.server.requests]"))
			.isEqualTo(MetricsEnvironmentPostProcessor.SLO_BUCKETS);
		assertThat(environment.getProperty("management.metrics.distribution.slo[http.client.requests]"))
			.isEqualTo(MetricsEnvironmentPostProcessor.SLO_BUCKETS);
	}

	@Test
	void requestHistogramBucketsFollowRenamedObservations() {
		this.applicationProperties.put("management.observations.http.server.requests.name", "inbound.requests");
		this.applicationProperties.put("management.observations.http.client.requests.name", "outbound.calls");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.metrics.distribution.slo[inbound.requests]"))
			.isEqualTo(MetricsEnvironmentPostProcessor.SLO_BUCKETS);
		assertThat(environment.getProperty("management.metrics.distribution.slo[outbound.calls]"))
			.isEqualTo(MetricsEnvironmentPostProcessor.SLO_BUCKETS);
		assertThat(environment.getProperty("management.metrics.distribution.slo[http.client.requests]")).isNull();
	}

	@Test
	void grpcWithoutAnEndpointGoesToTheLocalCollectorsGrpcPort() {
		this.applicationProperties.put("spring.application.name", "orders");
		this.applicationProperties.put("platform.logging.otlp.enabled", "true");
		this.systemEnvironment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.transport")).isEqualTo("grpc");
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://localhost:4317");
		assertThat(environment.getProperty("management.opentelemetry.logging.export.otlp.endpoint"))
			.isEqualTo("http://localhost:4317");
	}

	@Test
	void theServiceNameOfSpansIsTheServiceNameOfLogsAndMetrics() {
		this.systemEnvironment.put("OTEL_SERVICE_NAME", "orders");
		this.systemEnvironment.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=legacy,team=payments");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("spring.application.name")).isEqualTo("orders");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.name"))
			.isEqualTo("orders");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.team")).isEqualTo("payments");
	}

	@Test
	void aSpringApplicationNameBeatsServiceNameInResourceAttributesForSpansToo() {
		this.applicationProperties.put("spring.application.name", "orders");
		this.systemEnvironment.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=legacy");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.name"))
			.isEqualTo("orders");
	}

	@Test
	void springApplicationDefaultPropertiesBeatTheStarterDefaults() {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.application.name", "orders",
				"management.tracing.sampling.probability", "0.5"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability")).isEqualTo("0.5");
			// A starter default the application did not set is still there.
			assertThat(context.getEnvironment().getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	@Test
	void springPropertiesBeatOtelVariables() {
		this.systemEnvironment.put("OTEL_SERVICE_NAME", "from-otel");
		this.systemEnvironment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.systemEnvironment.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod");
		this.applicationProperties.put("spring.application.name", "from-spring");
		this.applicationProperties.put("management.opentelemetry.tracing.export.otlp.endpoint", "http://mine:4318/v1/traces");
		this.applicationProperties.put("platform.environment", "staging");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("spring.application.name")).isEqualTo("from-spring");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.name"))
			.isEqualTo("from-spring");
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://mine:4318/v1/traces");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.deployment.environment.name"))
			.isEqualTo("staging");
		assertThat(environment.getProperty("management.metrics.tags.environment")).isEqualTo("staging");
	}

	@Test
	void theEnvironmentNameLosesSurroundingSpacesAndABlankOneIsTheDefault() {
		this.applicationProperties.put("spring.application.name", "svc");
		this.applicationProperties.put("platform.environment", " staging\t");
		assertThat(process().getProperty("management.metrics.tags.environment")).isEqualTo("staging");
		this.applicationProperties.put("platform.environment", "  ");
		StandardEnvironment blank = process();
		assertThat(blank.getProperty("management.metrics.tags.environment")).isEqualTo("local");
		assertThat(blank.getProperty("management.opentelemetry.resource-attributes.deployment.environment.name"))
			.isEqualTo("local");
	}

	@Test
	void ignoredOtelVariablesAreLoggedThroughBootsDeferredLog() {
		this.systemEnvironment.put("OTEL_TRACES_SAMPLER_ARG", "0.25");
		Log log = mock(Log.class);
		new TracingEnvironmentPostProcessor((destination) -> log).postProcessEnvironment(new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return PlatformEnvironmentPostProcessorsTests.this.systemEnvironment;
			}

		}, new SpringApplication());
		verify(log).warn(startsWith("OTEL_TRACES_SAMPLER_ARG=0.25 is ignored"));
	}

	@Test
	void otelVariablesBeatStarterDefaults() {
		this.systemEnvironment.put("OTEL_SERVICE_NAME", "from-otel");
		this.systemEnvironment.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.systemEnvironment.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
		this.systemEnvironment.put("OTEL_TRACES_SAMPLER_ARG", "0.1");
		this.systemEnvironment.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod,service.version=9");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("spring.application.name")).isEqualTo("from-otel");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("from-otel");
		assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://collector:4318/v1/traces");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
		assertThat(environment.getProperty("management.metrics.tags.environment")).isEqualTo("prod");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.version"))
			.isEqualTo("9");
	}

	@Test
	void textFormatKeepsTheBanner() {
		this.applicationProperties.put("spring.application.name", "orders");
		this.applicationProperties.put("platform.logging.format", "TEXT");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("spring.main.banner-mode")).isNull();
	}

	@Test
	void loggingSwitchedOffKeepsTheBanner() {
		this.applicationProperties.put("platform.logging.enabled", "false");
		assertThat(process().getProperty("spring.main.banner-mode")).isNull();
	}

	@Test
	void anOwnLoggingConfigurationKeepsTheBanner() {
		this.applicationProperties.put("logging.config", "classpath:my-logback.xml");
		assertThat(process().getProperty("spring.main.banner-mode")).isNull();
	}

	@Test
	void otlpLogExportGetsALocalEndpointByDefault() {
		this.applicationProperties.put("platform.logging.otlp.enabled", "true");
		assertThat(process().getProperty("management.opentelemetry.logging.export.otlp.endpoint"))
			.isEqualTo("http://localhost:4318/v1/logs");
	}

}
