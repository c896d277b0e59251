package dev.platform.security.jwt;

import java.util.Optional;

import dev.platform.clients.OutboundTokenSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class JwtTokenRelayAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JwtTokenRelayAutoConfiguration.class));

	@Test
	void relaysTheVerifiedTokenOfTheCurrentRequest() {
		this.runner.withBean(BearerTokenHolder.class, () -> () -> Optional.of("verified.token.value"))
			.run((context) -> assertThat(context.getBean(OutboundTokenSource.class).currentToken())
				.isEqualTo("verified.token.value"));
	}

	@Test
	void relaysNothingOutsideAVerifiedRequest() {
		this.runner.withBean(BearerTokenHolder.class, () -> Optional::empty)
			.run((context) -> assertThat(context.getBean(OutboundTokenSource.class).currentToken()).isNull());
	}

	@Test
	void doesNothingWithoutVerification() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(OutboundTokenSource.class));
	}

	@Test
	void backsOffWhenUserDefinesATokenSource() {
		OutboundTokenSource own = () -> "own";
		this.runner.withBean(BearerTokenHolder.class, () -> () -> Optional.of("verified"))
			.withBean(OutboundTokenSource.class, () -> own)
			.run((context) -> assertThat(context.getBean(OutboundTokenSource.class)).isSameAs(own));
	}

	@Test
	void doesNothingWithoutThePlatformClients() {
		this.runner.withBean(BearerTokenHolder.class, () -> () -> Optional.of("verified"))
			.withClassLoader(new FilteredClassLoader(OutboundTokenSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean("verifiedBearerTokenSource"));
	}

}
