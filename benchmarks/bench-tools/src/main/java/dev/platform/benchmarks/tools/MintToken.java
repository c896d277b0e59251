package dev.platform.benchmarks.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.platform.security.jwt.JwtIssuer;

/**
 * Writes a fresh RSA public key as PEM to {@code args[0]} and prints an RS256 token for it, issued by the
 * starter's {@link JwtIssuer} with the issuer and audience the starter build verifies.
 */
public final class MintToken {

	private MintToken() {
	}

	public static void main(String[] args) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(pair.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		Files.writeString(Path.of(args[0]), pem);
		JwtIssuer issuer = new JwtIssuer((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate(),
				"bench-key", null, null, "bench-issuer", List.of("bench"), Duration.ofHours(12), Clock.systemUTC());
		System.out.println(issuer.issue("user-1", List.of("bench:read")));
	}

}
