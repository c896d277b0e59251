package dev.platform.demo.users;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * BCrypt at a bounded concurrency. Each hash is tens of milliseconds of CPU on purpose: without a bound, a flood of
 * logins (one address within its rate limit spends most of a core; a few addresses, all of them) leaves nothing for
 * the JWKS and profile requests every other service depends on. Beyond the bound a request waits a moment, then is
 * answered 503 with {@code Retry-After}.
 */
final class PasswordHashing {

	private final Semaphore permits;

	private final Duration wait;

	PasswordHashing(int concurrency, Duration wait) {
		this.permits = new Semaphore(concurrency);
		this.wait = wait;
	}

	<T> T run(Supplier<T> hashing) {
		boolean acquired;
		try {
			acquired = this.permits.tryAcquire(this.wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Too many logins and registrations at once; retry in a second.");
			problem.setTitle("Busy");
			ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
			busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
			throw busy;
		}
		try {
			return hashing.get();
		}
		finally {
			this.permits.release();
		}
	}

}
