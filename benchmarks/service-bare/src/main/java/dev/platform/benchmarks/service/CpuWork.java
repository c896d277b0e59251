package dev.platform.benchmarks.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed amount of CPU: SHA-256 over {@code blocks} KiB. The block count is calibrated once for about 1 ms on
 * the benchmark machine and is the same for every variant.
 */
final class CpuWork {

	private static final byte[] BLOCK = new byte[1024];

	private CpuWork() {
	}

	static long burn(int blocks) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (int i = 0; i < blocks; i++) {
				sha.update(BLOCK);
			}
			byte[] digest = sha.digest();
			return ((digest[0] & 0xffL) << 8) | (digest[1] & 0xffL);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
