package dev.platform.tracing;

import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

class ContextPropagationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ContextPropagationAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void decoratesBootsExecutors() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class)
			.hasBean("applicationTaskExecutor"));
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("platform.tracing.context-propagation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class));
	}

	@Test
	void backsOffWhenUserDefinesTheDecorator() {
		ContextPropagatingTaskDecorator own = new ContextPropagatingTaskDecorator();
		this.runner.withBean(ContextPropagatingTaskDecorator.class, () -> own)
			.run((context) -> assertThat(context.getBean(ContextPropagatingTaskDecorator.class)).isSameAs(own));
	}

	@Test
	void doesNothingWithoutContextPropagationLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class));
	}

}
