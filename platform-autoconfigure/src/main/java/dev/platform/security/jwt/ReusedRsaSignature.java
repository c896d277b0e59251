package dev.platform.security.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import org.jspecify.annotations.Nullable;

/**
 * RS256, RS384 and RS512 verification (RSASSA-PKCS1-v1_5) for one key that keeps one initialized JDK
 * {@link Signature} per thread instead of looking one up and initializing it for every token, which java-jwt's
 * own algorithm does. {@code Signature.verify} returns the object to its state right after {@code initVerify},
 * so the next token on the thread starts clean; after any exception the thread's instance is dropped. Verifies
 * only: the verifier never signs.
 */
final class ReusedRsaSignature extends Algorithm {

	private final String jdkAlgorithm;

	private final RSAPublicKey key;

	private final ThreadLocal<Signature> signatures;

	private ReusedRsaSignature(String name, String jdkAlgorithm, RSAPublicKey key) {
		super(name, jdkAlgorithm);
		this.jdkAlgorithm = jdkAlgorithm;
		this.key = key;
		this.signatures = ThreadLocal.withInitial(this::initialized);
	}

	/**
	 * Returns the algorithm for a JWS {@code alg} of the RS family.
	 * @param alg RS256, RS384 or RS512
	 * @param key the verification key
	 * @return the algorithm, or {@code null} for any other {@code alg}
	 */
	static @Nullable ReusedRsaSignature forAlg(String alg, RSAPublicKey key) {
		return switch (alg) {
			case "RS256" -> new ReusedRsaSignature(alg, "SHA256withRSA", key);
			case "RS384" -> new ReusedRsaSignature(alg, "SHA384withRSA", key);
			case "RS512" -> new ReusedRsaSignature(alg, "SHA512withRSA", key);
			default -> null;
		};
	}

	private Signature initialized() {
		try {
			Signature signature = Signature.getInstance(this.jdkAlgorithm);
			signature.initVerify(this.key);
			return signature;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK cannot verify " + this.jdkAlgorithm + " with this key", ex);
		}
	}

	@Override
	public void verify(DecodedJWT jwt) throws SignatureVerificationException {
		boolean valid;
		try {
			Signature signature = this.signatures.get();
			if (jwt instanceof CompactJws jws) {
				// The token's own bytes, no copies.
				jws.updateWithSigningInput(signature);
				valid = signature.verify(jws.decodedSignature());
			}
			else {
				signature.update(jwt.getHeader().getBytes(StandardCharsets.UTF_8));
				signature.update((byte) '.');
				signature.update(jwt.getPayload().getBytes(StandardCharsets.UTF_8));
				valid = signature.verify(Base64.getUrlDecoder().decode(jwt.getSignature()));
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			this.signatures.remove();
			throw new SignatureVerificationException(this, ex);
		}
		if (!valid) {
			throw new SignatureVerificationException(this);
		}
	}

	@Override
	public byte[] sign(byte[] headerBytes, byte[] payloadBytes) throws SignatureGenerationException {
		throw new SignatureGenerationException(this, new UnsupportedOperationException("Verification only"));
	}

	@Override
	public byte[] sign(byte[] contentBytes) throws SignatureGenerationException {
		throw new SignatureGenerationException(this, new UnsupportedOperationException("Verification only"));
	}

}
