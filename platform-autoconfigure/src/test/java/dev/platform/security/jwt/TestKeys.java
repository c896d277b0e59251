package dev.platform.security.jwt;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key pairs generated once per test JVM, and their PEM and JWK forms.
 */
final class TestKeys {

	static final KeyPair RSA = rsa(2048);

	static final KeyPair OTHER_RSA = rsa(2048);

	static final KeyPair EC = ec();

	static final KeyPair OTHER_EC = ec();

	private TestKeys() {
	}

	static KeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair ec() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(PublicKey key) {
		return pem("PUBLIC KEY", key.getEncoded());
	}

	static String pem(PrivateKey key) {
		return pem("PRIVATE KEY", key.getEncoded());
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	static Map<String, Object> jwk(PublicKey key, String keyId) {
		if (key instanceof RSAPublicKey rsa) {
			return RsaJwk.toJwk(rsa, keyId);
		}
		ECPublicKey ec = (ECPublicKey) key;
		Map<String, Object> jwk = new LinkedHashMap<>();
		jwk.put("kty", "EC");
		jwk.put("use", "sig");
		jwk.put("crv", "P-256");
		jwk.put("kid", keyId);
		jwk.put("x", coordinate(ec.getW().getAffineX()));
		jwk.put("y", coordinate(ec.getW().getAffineY()));
		return jwk;
	}

	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(fixed, 32));
	}

}
