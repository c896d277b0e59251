package dev.platform.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.platform.security.jwt.JwtIssuer;
import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.security.jwt.JwtTokenVerifier;
import dev.platform.security.jwt.MicrometerJwtMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RS256 verification: the starter's verifier without its cache (cold: every check a signature), with its cache
 * (the same token again), and the JDK's {@code Signature.verify} on the same bytes as the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtVerifyBenchmark {

	private String token;

	private PublicKey publicKey;

	private byte[] signingInput;

	private byte[] signature;

	private JwtTokenVerifier cold;

	private Signature initialized;

	private JwtTokenVerifier cached;

	@Setup
	public void setUp() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		this.publicKey = pair.getPublic();
		JwtIssuer issuer = new JwtIssuer((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate(),
				"bench-key", null, null, "bench-issuer", List.of("bench"), Duration.ofHours(1), Clock.systemUTC());
		this.token = issuer.issue("user-1", List.of("orders:read", "orders:write"));
		int lastDot = this.token.lastIndexOf('.');
		this.signingInput = this.token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
		this.signature = Base64.getUrlDecoder().decode(this.token.substring(lastDot + 1));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// The same metrics the running service records; cacheSize 0 switches the cache off.
		this.cold = new JwtTokenVerifier((kid) -> this.publicKey, Set.of("RS256"), "bench-issuer", "bench",
				Duration.ofSeconds(30), 6144, 0, Clock.systemUTC(), new MicrometerJwtMetrics(registry));
		this.cached = new JwtTokenVerifier((kid) -> this.publicKey, Set.of("RS256"), "bench-issuer", "bench",
				Duration.ofSeconds(30), 6144, 10_000, Clock.systemUTC(), new MicrometerJwtMetrics(registry));
		this.cached.verify(this.token);
		this.initialized = Signature.getInstance("SHA256withRSA");
		this.initialized.initVerify(this.publicKey);
	}

	@Benchmark
	public JwtPrincipal verifyCold() {
		return this.cold.verify(this.token);
	}

	@Benchmark
	public JwtPrincipal verifyCached() {
		return this.cached.verify(this.token);
	}

	/** What any verifier must do at least: a Signature per check (it is not thread-safe), init, update, verify. */
	@Benchmark
	public boolean jdkSignatureVerify() throws Exception {
		Signature verifier = Signature.getInstance("SHA256withRSA");
		verifier.initVerify(this.publicKey);
		verifier.update(this.signingInput);
		return verifier.verify(this.signature);
	}

	/**
	 * The RSA arithmetic alone: one {@code Signature} initialized once and reused (verify resets it to the state
	 * after {@code initVerify}), as a verifier that keeps one per thread and key could do.
	 */
	@Benchmark
	public boolean jdkSignatureVerifyReused() throws Exception {
		this.initialized.update(this.signingInput);
		return this.initialized.verify(this.signature);
	}

}
