package dev.platform.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * The server request convention Boot's observation filter uses: {@link NotFoundUriObservationConvention}, under the
 * observation name Boot would give its own ({@code management.observations.http.server.requests.name}). An
 * application's own {@link ServerRequestObservationConvention} bean replaces it.
 */
@AutoConfiguration(before = WebMvcObservationAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ServerRequestObservationConvention.class, WebMvcObservationAutoConfiguration.class })
public final class HttpServerObservationAutoConfiguration {

	static final String NAME_PROPERTY = "management.observations.http.server.requests.name";

	@Bean
	@ConditionalOnMissingBean(ServerRequestObservationConvention.class)
	NotFoundUriObservationConvention notFoundUriObservationConvention(Environment environment) {
		return new NotFoundUriObservationConvention(environment.getProperty(NAME_PROPERTY, "http.server.requests"));
	}

}
