package dev.platform.demo.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The edge: one address for clients, token checks, rate limits and the order details aggregate. */
@SpringBootApplication
@EnableConfigurationProperties({ GatewayRoutesProperties.class, RateLimitProperties.class })
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
