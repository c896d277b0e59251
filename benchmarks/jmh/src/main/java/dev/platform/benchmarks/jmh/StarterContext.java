package dev.platform.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;

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

	/** The value of a benchmark's {@code properties} parameter that adds none. */
	static final String NONE = "none";

	@Bean
	ClientHttpRequestFactoryBuilder<InMemoryRequestFactory> inMemoryRequestFactoryBuilder() {
		return ClientHttpRequestFactoryBuilder.of(InMemoryRequestFactory::new);
	}

	/**
	 * Starts the context.
	 * @param properties more properties as {@code name=value} pairs separated by {@code ;}, or {@code none}: a
	 * benchmark's {@code @Param}, so that a single run can compare a setting ({@code -p properties=...})
	 */
	static Running start(String properties) throws Exception {
		OtlpSink sink = OtlpSink.start(0);
		SpringApplication application = new SpringApplication(StarterContext.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> args = new ArrayList<>(List.of("--spring.application.name=bench", "--logging.level.root=WARN",
				"--platform.clients.bench.url=http://127.0.0.1:9",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + sink.port()
						+ "/v1/traces"));
		if (!properties.equals(NONE)) {
			for (String property : properties.split(";")) {
				args.add("--" + property.trim());
			}
		}
		ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
		return new Running(context, sink);
	}

	record Running(ConfigurableApplicationContext context, OtlpSink sink) {

		void stop() {
			this.context.close();
			this.sink.stop();
		}

	}

}
