package dev.platform.demo.users;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.platform.security.jwt.JwtIssuer;
import dev.platform.web.InvalidFieldException;
import dev.platform.web.PlainText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration and login; public paths (no token needed to get a token). */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	/** Scopes every demo user gets; the services check them with {@code @RequireScopes}. */
	static final List<String> USER_SCOPES = List.of("orders:read", "orders:write", "users:read");

	// Compared against on unknown e-mails so that a login for a missing account costs as much as a wrong password.
	private static final String DUMMY_HASH = new BCryptPasswordEncoder().encode(UUID.randomUUID().toString());

	private final UserRepository users;

	private final JwtIssuer issuer;

	private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

	/** As many hashes at once as there are cores: the rest of the service keeps some CPU under a login flood. */
	private final PasswordHashing hashing = new PasswordHashing(Runtime.getRuntime().availableProcessors(),
			Duration.ofSeconds(2));

	private final LoginThrottles throttle;

	private final Duration tokenTtl;

	private final Clock clock;

	AuthController(UserRepository users, JwtIssuer issuer, LoginThrottles throttle,
			@Value("${platform.security.jwt.issuance.token-ttl:5m}") Duration tokenTtl) {
		this.users = users;
		this.issuer = issuer;
		this.throttle = throttle;
		this.tokenTtl = tokenTtl;
		this.clock = Clock.systemUTC();
	}

	/** BCrypt reads at most 72 bytes of a password; Spring's encoder refuses longer ones rather than cut them. */
	static final int MAX_PASSWORD_BYTES = 72;

	/** The {@code users.email} column. */
	static final int MAX_EMAIL_LENGTH = 200;

	record Registration(@NotBlank @Email @Size(max = MAX_EMAIL_LENGTH) String email,
			@NotBlank @Size(min = 8, max = MAX_PASSWORD_BYTES) String password,
			@NotBlank @Size(max = 100) @PlainText String name) {
	}

	/** As registration bounds them: a longer e-mail or password can match no account. */
	record Credentials(@NotBlank @Size(max = MAX_EMAIL_LENGTH) @PlainText String email,
			@NotBlank @Size(max = MAX_PASSWORD_BYTES) String password) {
	}

	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {
	}

	@PostMapping("/register")
	ResponseEntity<User.UserView> register(@Valid @RequestBody Registration registration,
			HttpServletRequest request) {
		String client = request.getRemoteAddr();
		this.throttle.registrationBlocked(client).ifPresent(AuthController::refuseRegistrations);
		if (registration.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw new InvalidFieldException("password",
					"must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
		}
		// Lower-casing can lengthen a text (U+0130 becomes two characters), so the column's limit is checked after.
		String email = registration.email().toLowerCase(Locale.ROOT);
		if (email.length() > MAX_EMAIL_LENGTH) {
			throw new InvalidFieldException("email",
					"must be at most " + MAX_EMAIL_LENGTH + " characters in lower case");
		}
		User user = new User(UUID.randomUUID().toString(), email, registration.name(),
				this.hashing.run(() -> this.passwords.encode(registration.password())), this.clock.instant());
		try {
			this.users.insert(user);
		}
		catch (DuplicateKeyException ex) {
			this.throttle.registeredExisting(client);
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"An account with this e-mail address exists.");
			problem.setTitle("E-mail already registered");
			throw new ErrorResponseException(HttpStatus.CONFLICT, problem, ex);
		}
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user.view());
	}

	@PostMapping("/login")
	ResponseEntity<TokenResponse> login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
		String email = credentials.email().toLowerCase(Locale.ROOT);
		// The caller's address as the gateway saw it (application.properties: server.tomcat.remoteip.*).
		String client = request.getRemoteAddr();
		return this.throttle.oneAtATime(email, client, () -> attempt(email, client, credentials))
			.orElseThrow(AuthController::alreadyInProgress);
	}

	private ResponseEntity<TokenResponse> attempt(String email, String client, Credentials credentials) {
		this.throttle.blocked(email, client).ifPresent(AuthController::refuseBlocked);
		Optional<User> user = this.users.findByEmail(email);
		// A password over BCrypt's 72 bytes was never registered; the encoder would refuse it rather than compare.
		boolean hashable = credentials.password().getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
		boolean matches = hashable && this.hashing.run(() -> this.passwords.matches(credentials.password(),
				user.map(User::passwordHash).orElse(DUMMY_HASH)));
		if (user.isEmpty() || !matches) {
			this.throttle.failed(email, client);
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
					"Unknown e-mail address or wrong password.");
			problem.setTitle("Login failed");
			throw new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
		}
		this.throttle.succeeded(email, client);
		String token = this.issuer.issue(user.get().id(), USER_SCOPES);
		// A token is a credential: no cache on the way may keep it (RFC 6749, 5.1).
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(new TokenResponse(token, "Bearer", this.tokenTtl.toSeconds()));
	}

	private static void refuseRegistrations(Duration remaining) {
		throw tooMany("Registrations blocked for a while",
				"Too many registrations of addresses that have an account from here", remaining);
	}

	private static ErrorResponseException alreadyInProgress() {
		return tooMany("Login in progress", "A login for this e-mail address from here is in progress",
				Duration.ofSeconds(1));
	}

	// The same answer for every address, registered or not.
	private static void refuseBlocked(Duration remaining) {
		throw tooMany("Login blocked for a while", "Too many failed logins for this e-mail address from here",
				remaining);
	}

	/** A 429 with {@code Retry-After} in whole seconds, rounded up, and the wait in its detail. */
	private static ErrorResponseException tooMany(String title, String reason, Duration remaining) {
		long seconds = Math.max(1, remaining.plusMillis(999).toSeconds());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				reason + "; retry in " + seconds + " s.");
		problem.setTitle(title);
		ErrorResponseException refused = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return refused;
	}

}
