package dev.platform.demo.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for the users service: it publishes a JWKS, answers
 * {@code GET /api/users/{id}}, and can be told to answer 503 as if users were down. Also signs test tokens for
 * the service under test (its audience).
 */
public final class FakeUsersService implements AutoCloseable {

	private final HttpServer server;

	private final KeyPair keys;

	private final AtomicInteger userStatus = new AtomicInteger(200);

	private final AtomicInteger userCalls = new AtomicInteger();

	private final String audience;

	/**
	 * Starts the server on a free loopback port.
	 * @param audience the audience of the tokens it signs: the service under test
	 */
	public FakeUsersService(String audience) throws IOException, NoSuchAlgorithmException {
		this.audience = audience;
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		this.keys = generator.generateKeyPair();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/.well-known/jwks.json", (exchange) -> send(exchange, 200, jwks()));
		this.server.createContext("/api/users/", (exchange) -> {
			this.userCalls.incrementAndGet();
			String id = exchange.getRequestURI().getPath().substring("/api/users/".length());
			int status = this.userStatus.get();
			send(exchange, status, (status == 200)
					? "{\"id\":\"" + id + "\",\"name\":\"Customer " + id.substring(0, 4) + "\",\"email\":\"c@example.com\"}"
					: "{\"title\":\"Service Unavailable\",\"status\":" + status + "}");
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void answer(int status) {
		this.userStatus.set(status);
	}

	public int userCalls() {
		return this.userCalls.get();
	}

	/** A token as the users service issues it, for a new random subject. */
	public String tokenForNewUser() {
		return token(UUID.randomUUID().toString());
	}

	public String token(String subject) {
		return JWT.create()
			.withKeyId("test-key")
			.withIssuer("platform-demo")
			.withAudience(this.audience)
			.withSubject(subject)
			.withIssuedAt(Instant.now())
			.withExpiresAt(Instant.now().plusSeconds(600))
			.withClaim("scope", "orders:read orders:write users:read")
			.sign(Algorithm.RSA256((RSAPublicKey) this.keys.getPublic(), (RSAPrivateKey) this.keys.getPrivate()));
	}

	private String jwks() {
		RSAPublicKey key = (RSAPublicKey) this.keys.getPublic();
		return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"test-key\",\"n\":\""
				+ base64(key.getModulus()) + "\",\"e\":\"" + base64(key.getPublicExponent()) + "\"}]}";
	}

	private static String base64(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (exchange) {
			exchange.getResponseBody().write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
