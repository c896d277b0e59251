package dev.platform.clients;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClient;

/**
 * Turns {@link DownstreamException}s that reach Spring MVC into 503 problem bodies with {@code Retry-After}.
 */
@AutoConfiguration(after = ClientsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ProblemDetail.class, RestClient.class })
public final class ClientsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DownstreamProblemAdvice downstreamProblemAdvice() {
		return new DownstreamProblemAdvice();
	}

}
