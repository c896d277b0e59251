package dev.platform.security.jwt;

import dev.platform.clients.OutboundTokenSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Lets platform clients with {@code relay-token=true} forward the bearer token this service verified for
 * the current request, and nothing else: an unverified or missing token is never relayed.
 */
@AutoConfiguration(after = JwtAuthenticationAutoConfiguration.class)
@ConditionalOnClass(OutboundTokenSource.class)
@ConditionalOnBean(BearerTokenHolder.class)
public final class JwtTokenRelayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutboundTokenSource verifiedBearerTokenSource(BearerTokenHolder holder) {
		return () -> holder.currentBearerToken().orElse(null);
	}

}
