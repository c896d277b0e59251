package dev.platform.security.jwt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fresh SHA-256 digests for the verification cache's keys and the principal's subject id, cloned from one looked
 * up once: cloning is far cheaper than {@code MessageDigest.getInstance} on every request.
 */
final class Sha256 {

	private static final MessageDigest PROTOTYPE;

	static {
		try {
			PROTOTYPE = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private Sha256() {
	}

	/**
	 * Returns a digest nobody else uses.
	 * @return a fresh SHA-256 digest
	 */
	static MessageDigest newDigest() {
		try {
			return (MessageDigest) PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The JDK's SHA-256 is cloneable", ex);
		}
	}

}
