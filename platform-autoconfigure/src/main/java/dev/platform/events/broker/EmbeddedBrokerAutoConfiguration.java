package dev.platform.events.broker;

import org.apache.qpid.server.SystemLauncher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts an embedded Qpid Broker-J when {@code platform.events.embedded-broker.enabled=true} and Qpid is on the
 * classpath: a zero-install broker for local runs and fast tests. Ordered before Boot's Rabbit configuration so the
 * broker exists before the first connection.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass(SystemLauncher.class)
@ConditionalOnBooleanProperty("platform.events.embedded-broker.enabled")
@EnableConfigurationProperties(EmbeddedBrokerProperties.class)
public final class EmbeddedBrokerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EmbeddedQpidBroker embeddedQpidBroker(EmbeddedBrokerProperties properties) {
		return new EmbeddedQpidBroker(properties);
	}

}
