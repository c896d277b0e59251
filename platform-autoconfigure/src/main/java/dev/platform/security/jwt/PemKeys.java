package dev.platform.security.jwt;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads PEM keys given as a resource location ({@code classpath:}, {@code file:}) or as the PEM text itself.
 */
final class PemKeys {

	private static final Pattern PEM = Pattern
		.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

	private PemKeys() {
	}

	static PublicKey publicKey(String property, String value, ResourceLoader resources) {
		byte[] der = der(property, read(property, value, resources, false), "PUBLIC KEY");
		return generate(property, (factory) -> factory.generatePublic(new X509EncodedKeySpec(der)));
	}

	static PrivateKey privateKey(String property, String value, ResourceLoader resources) {
		byte[] der = der(property, read(property, value, resources, true), "PRIVATE KEY");
		return generate(property, (factory) -> factory.generatePrivate(new PKCS8EncodedKeySpec(der)));
	}

	private static String read(String property, String value, ResourceLoader resources, boolean secret) {
		if (value.contains("-----BEGIN")) {
			return value;
		}
		Resource resource = resources.getResource(value);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			// A private key pasted without its PEM lines lands here as a "location": the startup report must not
			// print it, so a secret's value is echoed only when it is plainly a location.
			if (secret && !value.startsWith("classpath:") && !value.startsWith("file:")) {
				throw new InvalidJwtConfigurationException(property, "is neither PEM text ('-----BEGIN PRIVATE KEY-----') "
						+ "nor a readable classpath: or file: location (the value is not shown: it may be the key)");
			}
			// A bare path is a resource of the application context (a servlet context resource in a web service).
			boolean path = value.startsWith("/") && !resource.exists() && new File(value).isFile();
			throw new InvalidJwtConfigurationException(property, "cannot read '" + value + "': " + ex.getMessage()
					+ (path ? " (to read the file '" + value + "', write 'file:" + value + "')" : ""));
		}
	}

	private static byte[] der(String property, String pem, String type) {
		Matcher matcher = PEM.matcher(pem);
		if (!matcher.find() || !matcher.group(1).equals(type)) {
			throw new InvalidJwtConfigurationException(property,
					"expected a PEM block '-----BEGIN " + type + "-----'" + conversion(type));
		}
		try {
			return Base64.getMimeDecoder().decode(matcher.group(2));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJwtConfigurationException(property, "the PEM block is not valid Base64");
		}
	}

	private static String conversion(String type) {
		return type.equals("PRIVATE KEY") ? " (PKCS#8; convert with 'openssl pkcs8 -topk8 -nocrypt')"
				: " (X.509 SubjectPublicKeyInfo; convert a '-----BEGIN RSA PUBLIC KEY-----' block with "
						+ "'openssl rsa -RSAPublicKey_in -pubout')";
	}

	private static <K> K generate(String property, KeyGenerator<K> generator) {
		for (String algorithm : new String[] { "RSA", "EC" }) {
			try {
				return generator.generate(KeyFactory.getInstance(algorithm));
			}
			catch (GeneralSecurityException ex) {
				// try the next key type
			}
		}
		throw new InvalidJwtConfigurationException(property, "not an RSA or EC key");
	}

	@FunctionalInterface
	private interface KeyGenerator<K> {

		K generate(KeyFactory factory) throws GeneralSecurityException;

	}

}
