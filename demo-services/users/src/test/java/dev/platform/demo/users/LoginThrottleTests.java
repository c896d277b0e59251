package dev.platform.demo.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The throttle on the service's own migration, with a clock the test moves. */
class LoginThrottleTests {

	private final EmbeddedDatabase database = LoginFailuresDatabase.create();

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));

	private final Clock clock = new Clock() {

		@Override
		public Instant instant() {
			return LoginThrottleTests.this.now.get();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	};

	private final LoginThrottle throttle = new LoginThrottle(this.jdbc, this.clock, 3, Duration.ofSeconds(1),
			Duration.ofSeconds(10), Duration.ofHours(1));

	@AfterEach
	void shutDown() {
		this.database.shutdown();
	}

	@Test
	void blocksAfterTheFreeFailuresForTwiceAsLongEachTimeUpToTheLongestBlock() {
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.throttle.blocked("a@example.com")).isEmpty();
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(1);
		assertThat(this.throttle.blocked("a@example.com")).hasValue(Duration.ofSeconds(1));
		advance(Duration.ofMillis(400));
		assertThat(this.throttle.blocked("a@example.com")).hasValue(Duration.ofMillis(600));
		advance(Duration.ofMillis(600));
		assertThat(this.throttle.blocked("a@example.com")).isEmpty();
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(2);
		advance(Duration.ofSeconds(2));
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(4);
		advance(Duration.ofSeconds(4));
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(8);
		advance(Duration.ofSeconds(8));
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(10);
		advance(Duration.ofSeconds(10));
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(10);
		// Other addresses are not affected.
		assertThat(this.throttle.blocked("b@example.com")).isEmpty();
		assertThat(this.throttle.failed("b@example.com")).isZero();
	}

	@Test
	void countsAKeysFailuresNotYetForgotten() {
		assertThat(this.throttle.failures("a@example.com")).isZero();
		this.throttle.failed("a@example.com");
		this.throttle.failed("a@example.com");
		assertThat(this.throttle.failures("a@example.com")).isEqualTo(2);
		assertThat(this.throttle.failures("b@example.com")).isZero();
		advance(Duration.ofMinutes(61));
		assertThat(this.throttle.failures("a@example.com")).isZero();
	}

	@Test
	void aSuccessfulLoginForgetsTheFailures() {
		this.throttle.failed("a@example.com");
		this.throttle.failed("a@example.com");
		this.throttle.succeeded("a@example.com");
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(1);
	}

	@Test
	void failuresAreForgottenAfterAQuietHourAndTheirRowsDeleted() {
		this.throttle.failed("a@example.com");
		this.throttle.failed("a@example.com");
		this.throttle.failed("old@example.com");
		advance(Duration.ofMinutes(61));
		// The next failure of any address deletes the forgotten rows; a's count starts again.
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_failures").query(Integer.class).single()).isEqualTo(1);
		assertThat(this.throttle.failed("a@example.com")).isZero();
		assertThat(this.throttle.failed("a@example.com")).hasSeconds(1);
	}

	@Test
	void keepsAHashOfTheAddressNotTheAddress() {
		this.throttle.failed("someone@example.com");
		assertThat(this.jdbc.sql("SELECT key_hash FROM login_failures").query(String.class).single())
			.hasSize(64)
			.isEqualTo(LoginThrottle.keyOf("someone@example.com"))
			.doesNotContain("someone");
	}

	@Test
	void refusesSettingsThatWouldNotThrottleNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle(this.jdbc, this.clock, 0, Duration.ofSeconds(1),
					Duration.ofSeconds(10), Duration.ofHours(1)))
			.withMessageContaining("users.login-throttle.free-failures");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle(this.jdbc, this.clock, 3, Duration.ofMillis(10),
					Duration.ofSeconds(10), Duration.ofHours(1)))
			.withMessageContaining("users.login-throttle.first-block");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle(this.jdbc, this.clock, 3, Duration.ofSeconds(20),
					Duration.ofSeconds(10), Duration.ofHours(1)))
			.withMessageContaining("users.login-throttle.max-block");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle(this.jdbc, this.clock, 3, Duration.ofSeconds(1),
					Duration.ofSeconds(10), Duration.ZERO))
			.withMessageContaining("users.login-throttle.forget-after");
	}

	private void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

}
