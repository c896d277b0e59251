package dev.platform.benchmarks.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The service under load. The same source is built twice, without and with platform-starter; the
 * OpenTelemetry Java agent variant runs the bare jar.
 */
@SpringBootApplication
public class BenchService {

	public static void main(String[] args) {
		SpringApplication.run(BenchService.class, args);
	}

}
