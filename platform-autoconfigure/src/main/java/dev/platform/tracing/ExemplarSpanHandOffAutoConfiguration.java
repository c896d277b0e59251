package dev.platform.tracing;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.prometheus.metrics.tracer.common.SpanContext;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationHandlerGroup;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Prometheus exemplars without a second scope per observation. Boot wraps the default meter observation handler
 * in Micrometer's {@link TracingAwareMeterObservationHandler}, which puts the span in scope again while the
 * request's timer stops, only so that the exemplar sampler can find it: about 1 µs per observation, on every
 * request, for a sampler that is rate-limited and looks at almost none of them. Here that handler hands the span to
 * the exemplars' {@link SpanContext} instead ({@link SpanHandOffMeterObservationHandler}). Applies only while the
 * exemplars' span context is this starter's: one of the application's own finds the span in scope only.
 * {@code platform.tracing.exemplar-hand-off=false} leaves both to Boot.
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class, before = PrometheusExemplarsAutoConfiguration.class)
@ConditionalOnClass({ Tracer.class, SpanContext.class, DefaultMeterObservationHandler.class,
		ObservationHandlerGroup.class })
@ConditionalOnBean(Tracer.class)
@ConditionalOnMissingBean(SpanContext.class)
@ConditionalOnBooleanProperty(name = "platform.tracing.exemplar-hand-off", matchIfMissing = true)
public final class ExemplarSpanHandOffAutoConfiguration {

	/** The bean of Boot's group that wraps meter handlers with a scope. */
	static final String BOOT_GROUP_CLASS = "org.springframework.boot.micrometer.tracing.autoconfigure."
			+ "TracingAndMeterObservationHandlerGroup";

	@Bean
	SpanContext spanContext(ObjectProvider<Tracer> tracer) {
		return new ExemplarSpan(tracer);
	}

	/**
	 * Boot declares its group without a condition and keeps its class package-private, so the group is replaced
	 * as it is created.
	 */
	@Bean
	static BeanPostProcessor spanHandOffObservationHandlerGroupPostProcessor(ObjectProvider<Tracer> tracer) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
				return bean.getClass().getName().equals(BOOT_GROUP_CLASS)
						? new SpanHandOffObservationHandlerGroup(tracer.getObject()) : bean;
			}

		};
	}

}
