package dev.platform.demo.users;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The users service over HTTP: registration, login, tokens that it verifies itself, profiles, JWKS, schema. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "management.tracing.export.otlp.enabled=false",
		"users.login-throttle.first-block=1m" })
class UsersServiceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	record Response(int status, JsonNode body, HttpResponse<String> raw) {
	}

	@Test
	void registersLogsInAndReadsItsOwnProfile() {
		String email = "Ada-" + UUID.randomUUID() + "@Example.com";
		Response registered = post("/api/auth/register",
				Map.of("email", email, "password", "correct-horse-battery", "name", "Ada"));
		assertThat(registered.status()).isEqualTo(201);
		String id = registered.body().get("id").asString();
		assertThat(registered.raw().headers().firstValue("Location")).hasValue("/api/users/" + id);
		assertThat(registered.body().has("passwordHash")).isFalse();

		Response login = post("/api/auth/login", Map.of("email", email.toLowerCase(), "password", "correct-horse-battery"));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.body().get("token_type").asString()).isEqualTo("Bearer");
		assertThat(login.body().get("expires_in").asLong()).isEqualTo(1800);
		assertThat(login.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
		String token = login.body().get("access_token").asString();
		JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
		assertThat(claims.get("sub").asString()).isEqualTo(id);
		assertThat(claims.get("aud").values()).extracting(JsonNode::asString)
			.contains("gateway", "users", "orders", "payments", "shipping");

		Response me = get("/api/users/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body().get("name").asString()).isEqualTo("Ada");
		assertThat(get("/api/users/" + id, token).body().get("id").asString()).isEqualTo(id);
	}

	@Test
	void refusesADuplicateEmailWithAConflictProblem() {
		String email = "dup-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "A"));
		Response again = post("/api/auth/register",
				Map.of("email", email.toUpperCase(), "password", "another-password", "name", "B"));

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(again.body().get("traceId").asString()).hasSize(32);
	}

	@Test
	void slowsDownAClientThatKeepsRegisteringAddressesThatHaveAnAccount() {
		String taken = "taken-" + UUID.randomUUID() + "@example.com";
		assertThat(register(taken, "203.0.113.40").status()).isEqualTo(201);
		for (int i = 0; i < 5; i++) {
			assertThat(register(taken, "203.0.113.41").status()).isEqualTo(409);
		}
		// Blocked from that address, even for an address that has no account; not from another one.
		Response blocked = register("fresh-" + UUID.randomUUID() + "@example.com", "203.0.113.41");
		assertThat(blocked.status()).isEqualTo(429);
		assertThat(blocked.body().get("title").asString()).isEqualTo("Registrations blocked for a while");
		assertThat(blocked.raw().headers().firstValue("Retry-After")).isPresent();
		assertThat(register("fresh-" + UUID.randomUUID() + "@example.com", "203.0.113.42").status()).isEqualTo(201);
	}

	@Test
	void listsTheInvalidFieldsOfARegistration() {
		Response invalid = post("/api/auth/register", Map.of("email", "not-an-email", "password", "short", "name", ""));

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("email",
				"password", "name");
		assertThat(invalid.body().get("traceId").asString()).hasSize(32);
	}

	@Test
	void refusesWhatPassesTheAnnotationsButNotTheHashOrTheColumn() {
		// 73 bytes: BCrypt's limit is 72, and 40 two-byte characters are 80 bytes though only 40 characters.
		for (String password : new String[] { "p".repeat(73), "\u00e9".repeat(40) }) {
			Response tooLong = post("/api/auth/register",
					Map.of("email", UUID.randomUUID() + "@example.com", "password", password, "name", "Long"));
			assertThat(tooLong.status()).isEqualTo(400);
			assertThat(tooLong.body().get("errors").findValuesAsString("field")).containsExactly("password");
		}
		// 200 characters, 264 once lower-cased: U+0130 becomes "i" and a combining dot.
		String email = "\u0130".repeat(64) + "@" + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(9) + ".com";
		assertThat(email).hasSize(200);
		Response lengthened = post("/api/auth/register",
				Map.of("email", email, "password", "correct-horse-battery", "name", "Long"));
		assertThat(lengthened.status()).isEqualTo(400);
		assertThat(lengthened.body().get("errors").findValuesAsString("field")).containsExactly("email");

		Response controls = post("/api/auth/register", Map.of("email", UUID.randomUUID() + "@example.com", "password",
				"correct-horse-battery", "name", "\u0000\u001b[2J\u202eevil"));
		assertThat(controls.status()).isEqualTo(400);
		assertThat(controls.body().get("errors").findValuesAsString("field")).containsExactly("name");
	}

	@Test
	void refusesWrongPasswordsAndUnknownAccountsAlike() {
		String email = "p-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "P"));

		Response wrong = post("/api/auth/login", Map.of("email", email, "password", "wrong-password"));
		Response unknown = post("/api/auth/login", Map.of("email", "nobody@example.com", "password", "whatever1"));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(wrong.body().get("detail")).isEqualTo(unknown.body().get("detail"));
	}

	@Test
	void blocksAnAddressAfterFiveFailedLoginsWhetherItHasAnAccountOrNot() {
		String email = "t-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "T"));
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		for (String address : new String[] { email, unknown }) {
			for (int i = 0; i < 5; i++) {
				assertThat(post("/api/auth/login", Map.of("email", address, "password", "wrong-password")).status())
					.isEqualTo(401);
			}
		}
		// Blocked, even with the right password, and in another spelling of the address.
		Response blocked = post("/api/auth/login",
				Map.of("email", email.toUpperCase(), "password", "correct-horse-battery"));
		Response blockedUnknown = post("/api/auth/login", Map.of("email", unknown, "password", "whatever1"));
		for (Response response : new Response[] { blocked, blockedUnknown }) {
			assertThat(response.status()).isEqualTo(429);
			assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body().get("title").asString()).isEqualTo("Login blocked for a while");
			assertThat(response.raw().headers().firstValue("Retry-After").map(Long::parseLong))
				.hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(1L, 60L));
		}
		// An address of its own: another one's failures do not block it.
		String other = "o-" + UUID.randomUUID() + "@example.com";
		assertThat(login(other)).isNotBlank();
	}

	@Test
	void anotherClientAddressIsNotBlockedByTheFailuresOfOne() {
		String email = "c-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "C"));
		for (int i = 0; i < 5; i++) {
			assertThat(login(email, "wrong-password", "203.0.113.7").status()).isEqualTo(401);
		}
		assertThat(login(email, "correct-horse-battery", "203.0.113.7").status()).isEqualTo(429);
		// The owner, elsewhere.
		assertThat(login(email, "correct-horse-battery", "198.51.100.9").status()).isEqualTo(200);
	}

	@Test
	void guessesSpreadOverManyAddressesMeetTheAccountsPaceButNeverLockTheOwnerOut() {
		String email = "d-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "D"));
		// Twenty failures: two from one address, one each from eighteen others.
		assertThat(login(email, "wrong-password", "203.0.113.1").status()).isEqualTo(401);
		for (int i = 1; i <= 19; i++) {
			assertThat(login(email, "wrong-password", "203.0.113." + i).status()).isEqualTo(401);
		}
		// An address that failed twice for the account is held to the account's pace, even with the password.
		Response paced = login(email, "correct-horse-battery", "203.0.113.1");
		assertThat(paced.status()).isEqualTo(429);
		assertThat(paced.raw().headers().firstValue("Retry-After")).isPresent();
		// One with a single typo is not, nor one that never failed: the owner logs in.
		assertThat(login(email, "correct-horse-battery", "203.0.113.2").status()).isEqualTo(200);
		assertThat(login(email, "correct-horse-battery", "198.51.100.9").status()).isEqualTo(200);
		// And the account's count starts again.
		assertThat(login(email, "wrong-password", "203.0.113.1").status()).isEqualTo(401);
	}

	@Test
	void refusesLoginInputNoAccountCanHaveWithoutA500() {
		// A NUL reached PostgreSQL in the e-mail lookup, which refuses it in text: a 500 instead of a 400.
		Response nul = post("/api/auth/login", Map.of("email", "a\u0000b@example.com", "password", "whatever1"));
		assertThat(nul.status()).isEqualTo(400);
		assertThat(nul.body().get("errors").findValuesAsString("field")).containsExactly("email");
		Response longEmail = post("/api/auth/login",
				Map.of("email", "a".repeat(AuthController.MAX_EMAIL_LENGTH) + "@example.com", "password", "whatever1"));
		assertThat(longEmail.status()).isEqualTo(400);
		// 40 characters, 80 bytes: over BCrypt's 72, so it matches no account (the encoder would throw).
		String email = "p-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "P"));
		Response overlong = post("/api/auth/login", Map.of("email", email, "password", "\u00e9".repeat(40)));
		assertThat(overlong.status()).isEqualTo(401);
	}

	@Test
	void hidesOtherUsersAndRequiresAToken() {
		String mine = login("a-" + UUID.randomUUID() + "@example.com");
		Response other = post("/api/auth/register",
				Map.of("email", "b-" + UUID.randomUUID() + "@example.com", "password", "correct-horse-battery", "name", "B"));

		String otherId = other.body().get("id").asString();
		Response hidden = get("/api/users/" + otherId, mine);
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(hidden.body().get("detail").asString()).isEqualTo("No user " + otherId + ".");
		assertThat(get("/api/users/me", null).status()).isEqualTo(401);
		// Not an id: the caller's text is not repeated back as the service's word.
		Response text = get("/api/users/Your%20account%20is%20locked.%20Call%20555-0100", mine);
		assertThat(text.status()).isEqualTo(404);
		assertThat(text.body().get("detail").asString()).isEqualTo("No such user.");
	}

	@Test
	void publishesItsKeyAndKeepsPasswordsHashed() {
		Response jwks = get("/.well-known/jwks.json", null);
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.body().get("keys").get(0).get("kty").asString()).isEqualTo("RSA");

		String email = "h-" + UUID.randomUUID() + "@example.com";
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "H"));
		String hash = this.jdbc.sql("SELECT password_hash FROM users WHERE email = ?").param(email)
			.query(String.class).single();
		assertThat(hash).startsWith("$2a$").doesNotContain("correct-horse-battery");
		assertThat(this.jdbc.sql("SELECT \"script\" FROM \"flyway_schema_history\"").query(String.class).list())
			.contains("V1__users.sql", "V2__login_failures.sql", "V3__login_failures_key.sql");
	}

	/** A registration as if through the gateway from the given client address. */
	private Response register(String email, String clientAddress) {
		return send(HttpRequest.newBuilder(uri("/api/auth/register"))
			.header("Content-Type", "application/json")
			.header("X-Platform-Client-Address", clientAddress)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("email", email, "password",
					"correct-horse-battery", "name", "R")))), null);
	}

	/** A login as if through the gateway from the given client address. */
	private Response login(String email, String password, String clientAddress) {
		return send(HttpRequest.newBuilder(uri("/api/auth/login"))
			.header("Content-Type", "application/json")
			.header("X-Platform-Client-Address", clientAddress)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("email", email, "password",
					password)))), null);
	}

	private String login(String email) {
		post("/api/auth/register", Map.of("email", email, "password", "correct-horse-battery", "name", "X"));
		return post("/api/auth/login", Map.of("email", email, "password", "correct-horse-battery")).body()
			.get("access_token")
			.asString();
	}

	private Response post(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))), null);
	}

	private Response get(String path, String token) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), token);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static Response send(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(),
					response.body().isBlank() ? json.nullNode() : json.readTree(response.body()), response);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
