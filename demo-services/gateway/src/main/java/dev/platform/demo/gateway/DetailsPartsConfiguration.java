package dev.platform.demo.gateway;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pool the order details fetch their optional parts on (not an {@code Executor} bean: Boot's stays). */
@Configuration(proxyBeanMethods = false)
class DetailsPartsConfiguration {

	@Bean
	DetailsParts detailsParts(ThreadPoolTaskExecutorBuilder builder,
			@Value("${gateway.details.part-threads:16}") int threads,
			@Value("${gateway.details.part-queue:32}") int queue) {
		return new DetailsParts(builder, threads, queue,
				Duration.ofSeconds(OrderDetailsController.PART_DEADLINE_SECONDS));
	}

}
