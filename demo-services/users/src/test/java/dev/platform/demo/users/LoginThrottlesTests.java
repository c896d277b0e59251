package dev.platform.demo.users;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The two tiers together, on the service's migration. */
class LoginThrottlesTests {

	private final EmbeddedDatabase database = LoginFailuresDatabase.create();

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	private final LoginThrottles throttles = new LoginThrottles(
			new LoginThrottle(this.jdbc, Clock.systemUTC(), 5, Duration.ofMinutes(1), Duration.ofMinutes(15),
					Duration.ofHours(1)),
			new LoginThrottle(this.jdbc, Clock.systemUTC(), 3, Duration.ofMinutes(1), Duration.ofMinutes(1),
					Duration.ofHours(1)),
			new LoginThrottle(this.jdbc, Clock.systemUTC(), 2, Duration.ofMinutes(1), Duration.ofHours(1),
					Duration.ofHours(1)));

	@AfterEach
	void shutDown() {
		this.database.shutdown();
	}

	@Test
	void oneAttemptAtATimePerEmailAndClientAddress() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(
				() -> this.throttles.oneAtATime("a@example.com", "203.0.113.7", () -> {
					running.countDown();
					await(finish);
					return "first";
				}));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.throttles.oneAtATime("a@example.com", "203.0.113.7", () -> "second")).isEmpty();
		// Another address, or another account, is not held up.
		assertThat(this.throttles.oneAtATime("a@example.com", "203.0.113.8", () -> "other address")).hasValue(
				"other address");
		assertThat(this.throttles.oneAtATime("b@example.com", "203.0.113.7", () -> "other account"))
			.hasValue("other account");
		finish.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).hasValue("first");
		assertThat(this.throttles.oneAtATime("a@example.com", "203.0.113.7", () -> "third")).hasValue("third");
	}

	@Test
	void theAccountsBlockHoldsBackOnlyAddressesThatFailedTwiceThemselves() {
		this.throttles.failed("a@example.com", "203.0.113.1");
		this.throttles.failed("a@example.com", "203.0.113.1");
		this.throttles.failed("a@example.com", "203.0.113.2");
		// Three failures for the account: its block is on.
		assertThat(this.throttles.blocked("a@example.com", "203.0.113.1")).isPresent();
		assertThat(this.throttles.blocked("a@example.com", "203.0.113.2")).isEmpty();
		assertThat(this.throttles.blocked("a@example.com", "198.51.100.9")).isEmpty();
	}

	@Test
	void registrationsOfExistingAddressesBlockTheirClientOnly() {
		this.throttles.registeredExisting("203.0.113.7");
		assertThat(this.throttles.registrationBlocked("203.0.113.7")).isEmpty();
		this.throttles.registeredExisting("203.0.113.7");
		assertThat(this.throttles.registrationBlocked("203.0.113.7")).isPresent();
		assertThat(this.throttles.registrationBlocked("203.0.113.8")).isEmpty();
		// Logins from that address are another count.
		assertThat(this.throttles.blocked("a@example.com", "203.0.113.7")).isEmpty();
	}

	@Test
	void anIpv6ClientCountsByItsSlash64() {
		assertThat(LoginThrottles.clientAddressKey("2001:db8:1:2:aaaa::1"))
			.isEqualTo(LoginThrottles.clientAddressKey("2001:db8:1:2:bbbb::2"))
			.isEqualTo("20010db800010002/64");
		assertThat(LoginThrottles.clientAddressKey("2001:db8:1:3::1")).isEqualTo("20010db800010003/64");
		assertThat(LoginThrottles.clientAddressKey("203.0.113.7")).isEqualTo("203.0.113.7");
		for (int i = 0; i < 5; i++) {
			this.throttles.failed("a@example.com", "2001:db8:1:2::" + (i + 1));
		}
		assertThat(this.throttles.blocked("a@example.com", "2001:db8:1:2:ffff::9")).isPresent();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
