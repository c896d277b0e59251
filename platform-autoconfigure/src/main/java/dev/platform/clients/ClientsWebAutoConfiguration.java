package dev.platform.clients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Turns {@link DownstreamException}s that reach Spring MVC into 503 problem bodies with {@code Retry-After}, also
 * when a message converter's exception wraps one ({@link DownstreamCauseExceptionResolver}).
 */
@AutoConfiguration(after = ClientsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ProblemDetail.class, RestClient.class, HandlerExceptionResolver.class })
public final class ClientsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DownstreamProblemAdvice downstreamProblemAdvice() {
		return new DownstreamProblemAdvice();
	}

	@Bean
	@ConditionalOnMissingBean
	DownstreamCauseExceptionResolver downstreamCauseExceptionResolver(
			@Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> mvcResolver) {
		return new DownstreamCauseExceptionResolver(mvcResolver);
	}

}
