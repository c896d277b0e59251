package dev.platform.logging;

import dev.platform.events.EventsAutoConfiguration;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Started in a child JVM by {@link JsonLogOutputTests}: logs hostile and secret-bearing events, then exits,
 * so the test sees everything the process wrote to stdout from its very first line. Spring AMQP and H2 are on the
 * test class path, the events schema is not: it uses no events, so it leaves their auto-configuration out (its
 * startup check would fail on the missing outbox table).
 */
@SpringBootApplication(proxyBeanMethods = false, exclude = EventsAutoConfiguration.class)
@EnableConfigurationProperties(LogSampleProperties.class)
public class LogSampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(LogSampleApplication.class);

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LogSampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		ConfigurableApplicationContext context = application.run(args);
		logger.info("case:newline line one\r\nline two");
		logger.info("case:ansi \u001b[31mred\u001b[0m");
		logger.info("case:quote \"}{\"injected\":true}");
		logger.info("case:password login password=hunter2 user=bob");
		logger.info("case:json-secret {\"client_secret\": \"s3cr3t-json\"}");
		logger.info("case:auth-header Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl");
		logger.info("case:scheme sent with Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJm");
		logger.info("case:card charged 4111 1111 1111 1111 today");
		logger.info("case:epoch order created at 1764140000000");
		MDC.put("token", "mdc-t0ken");
		MDC.put("note", "paid with 5500-0000-0000-0004 via Bearer mdc.b3arer.value");
		logger.info("case:mdc");
		MDC.remove("token");
		MDC.remove("note");
		logger.atInfo().addKeyValue("apiKey", "kv-ap1-key").log("case:kv");
		logger.info("case:value logged in with {}", StructuredArguments.value("password", "v4lue-pw"));
		logger.info("case:raw {}", StructuredArguments.raw("secret", "{\"k\":\"r4w-secret\"}"));
		logger.info("case:raw-string {}", StructuredArguments.raw("token", "\"r4w-t0ken\""));
		logger.info("case:raw-nested {}", StructuredArguments.raw("payload", "{\"user\":\"bob\",\"password\":\"r4w-nested\"}"));
		logger.info("case:raw-broken {}", StructuredArguments.raw("payload", "{\"password\":\"r4w-br0ken\""));
		logger.info("case:entries {}", StructuredArguments.entries(java.util.Map.of("pwd", "entr1es-pwd")));
		MDC.put("level", "FORGED");
		MDC.put("message", "forged message");
		logger.info("case:mdc-clash");
		MDC.remove("level");
		MDC.remove("message");
		logger.atInfo().addKeyValue("service", "forged-service").log("case:kv-clash");
		logger.info("case:arg-clash {}", StructuredArguments.kv("level", "FORGED-ARG"));
		logger.error("case:exception", new IllegalStateException("outer", new IllegalArgumentException("root cause")));
		System.exit(SpringApplication.exit(context));
	}

}
