package dev.platform.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link ServiceIdentity} bean. Creating it fails startup when the service has no name.
 */
@AutoConfiguration
public final class ServiceIdentityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceIdentity platformServiceIdentity(Environment environment) {
		return ServiceIdentity.from(environment);
	}

}
