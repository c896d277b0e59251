package dev.platform.clients;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a client's own downstream when it relays the caller's token. */
class TokenRelayOriginTests {

	@Test
	void theSameSchemeHostAndPortWhateverTheCaseDefaultPortOrUserInfo() {
		String origin = TokenRelayInterceptor.originOf(URI.create("http://Users.internal:80/api"));
		assertThat(origin).isEqualTo("http://users.internal:80");
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://users.internal/other?x=1"))).isEqualTo(origin);
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://someone@users.internal/x"))).isEqualTo(origin);
		assertThat(TokenRelayInterceptor.originOf(URI.create("https://users.internal/x")))
			.isEqualTo("https://users.internal:443");
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://[::1]:8081/x"))).isEqualTo("http://[::1]:8081");
	}

	@Test
	void aHostWithAnUnderscoreIsReadFromTheAuthorityAndDiffersFromAnother() {
		// Java's URI has no host for these; both read as "" would have matched each other.
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://pay_svc:8080/x"))).isEqualTo("http://pay_svc:8080");
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://evil_x.attacker.example/x")))
			.isEqualTo("http://evil_x.attacker.example:80");
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://user@pay_svc:8080/x")))
			.isEqualTo("http://pay_svc:8080");
	}

	@Test
	void anAuthorityWhosePortIsNoPortIsNoOrigin() {
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://pay_svc:99999999999/x"))).isEmpty();
		assertThat(TokenRelayInterceptor.originOf(URI.create("http://pay_svc:/x"))).isEmpty();
	}

	@Test
	void noSchemeOrHostIsNoOrigin() {
		assertThat(TokenRelayInterceptor.originOf(URI.create("/relative"))).isEmpty();
		assertThat(TokenRelayInterceptor.originOf(URI.create("mailto:someone@example.com"))).isEmpty();
		assertThat(TokenRelayInterceptor.originOf(null)).isEmpty();
	}

}
