package dev.platform.benchmarks.jmh;

import dev.platform.benchmarks.tools.OtlpSink;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A non-web application with the starter's auto-configuration as a service gets it: 100 % sampling with spans
 * exported over OTLP to a sink in this JVM, metrics, and a platform client named {@code bench} whose transport
 * is {@link InMemoryRequestFactory}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterContext {

	@Bean
	ClientHttpRequestFactoryBuilder<InMemoryRequestFactory> inMemoryRequestFactoryBuilder() {
		return ClientHttpRequestFactoryBuilder.of(InMemoryRequestFactory::new);
	}

	static Running start() throws Exception {
		OtlpSink sink = OtlpSink.start(0);
		SpringApplication application = new SpringApplication(StarterContext.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = application.run("--spring.application.name=bench",
				"--logging.level.root=WARN", "--platform.clients.bench.url=http://127.0.0.1:9",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + sink.port()
						+ "/v1/traces");
		return new Running(context, sink);
	}

	record Running(ConfigurableApplicationContext context, OtlpSink sink) {

		void stop() {
			this.context.close();
			this.sink.stop();
		}

	}

}
