package dev.platform.events.broker;

import dev.platform.events.EventsConfigurationException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded Qpid Broker-J when {@code platform.events.embedded-broker.enabled=true}: a zero-install broker
 * for local runs and fast tests. Ordered before Boot's Rabbit configuration so the broker exists before the first
 * connection. Without Qpid on the class path, the property fails startup and says what to add, instead of the
 * service starting with no broker and failing every connection.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnBooleanProperty("platform.events.embedded-broker.enabled")
public final class EmbeddedBrokerAutoConfiguration {

	static final String QPID = "org.apache.qpid.server.SystemLauncher";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = QPID)
	@EnableConfigurationProperties(EmbeddedBrokerProperties.class)
	static class QpidBrokerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EmbeddedQpidBroker embeddedQpidBroker(EmbeddedBrokerProperties properties) {
			return new EmbeddedQpidBroker(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(QPID)
	static class QpidMissingConfiguration {

		QpidMissingConfiguration() {
			throw new EventsConfigurationException("platform.events.embedded-broker.enabled",
					"is true, but Qpid Broker-J is not on the class path: add org.apache.qpid:qpid-broker-core, "
							+ "qpid-broker-plugins-amqp-0-8-protocol and qpid-broker-plugins-memory-store (versions "
							+ "in platform-bom), or set it to false and point spring.rabbitmq.* at a broker");
		}

	}

}
