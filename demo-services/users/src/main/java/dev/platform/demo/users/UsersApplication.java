package dev.platform.demo.users;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts and tokens: the only service that knows passwords and signs JWTs. */
@SpringBootApplication
public class UsersApplication {

	public static void main(String[] args) {
		SpringApplication.run(UsersApplication.class, args);
	}

	@Bean
	LoginThrottles loginThrottles(JdbcClient jdbc, @Value("${users.login-throttle.free-failures:5}") int freeFailures,
			@Value("${users.login-throttle.first-block:1s}") Duration firstBlock,
			@Value("${users.login-throttle.max-block:15m}") Duration maxBlock,
			@Value("${users.login-throttle.account.free-failures:20}") int accountFreeFailures,
			@Value("${users.login-throttle.account.max-block:1m}") Duration accountMaxBlock,
			@Value("${users.login-throttle.forget-after:1h}") Duration forgetAfter,
			@Value("${users.registration-throttle.free-conflicts:5}") int freeConflicts,
			@Value("${users.registration-throttle.first-block:1m}") Duration registrationFirstBlock,
			@Value("${users.registration-throttle.max-block:1h}") Duration registrationMaxBlock) {
		Clock clock = Clock.systemUTC();
		return new LoginThrottles(
				new LoginThrottle(jdbc, clock, "users.login-throttle.", freeFailures, firstBlock, maxBlock,
						forgetAfter),
				new LoginThrottle(jdbc, clock, "users.login-throttle.account.", accountFreeFailures, firstBlock,
						accountMaxBlock, forgetAfter),
				new LoginThrottle(jdbc, clock, "users.registration-throttle.", freeConflicts, registrationFirstBlock,
						registrationMaxBlock, forgetAfter));
	}

}
