package dev.platform.tracing;

import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the trace context into Boot-managed executors and schedulers: Boot applies every
 * {@link org.springframework.core.task.TaskDecorator} bean to the executors and schedulers it builds, so
 * {@code @Async} methods and work submitted to the application task executor stay in the caller's trace.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
@ConditionalOnBooleanProperty(name = "platform.tracing.context-propagation.enabled", matchIfMissing = true)
public final class ContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

}
