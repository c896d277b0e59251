package dev.platform.security.jwt;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads the test class path on its own, with Jackson 2's core and databind left out, and verifies a token with a
 * {@link JwtTokenVerifier} loaded there: proves that verification never needs Jackson 2.
 */
final class Jackson2HidingClassLoader extends URLClassLoader {

	private final List<String> refused = new CopyOnWriteArrayList<>();

	Jackson2HidingClassLoader() {
		super(classPath(), ClassLoader.getPlatformClassLoader());
	}

	private static URL[] classPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map((entry) -> {
			try {
				return new File(entry).toURI().toURL();
			}
			catch (MalformedURLException ex) {
				throw new IllegalStateException(ex);
			}
		}).toArray(URL[]::new);
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (name.startsWith("com.fasterxml.jackson.core.") || name.startsWith("com.fasterxml.jackson.databind.")) {
			this.refused.add(name);
			throw new ClassNotFoundException(name);
		}
		return super.loadClass(name, resolve);
	}

	List<String> refused() {
		return this.refused;
	}

	/**
	 * Verifies a token with an RS256 verifier loaded by this class loader.
	 * @return the principal's {@code toString()}
	 */
	String verify(String token, PublicKey key, Clock clock) throws Exception {
		Class<?> keySourceType = loadClass(VerificationKeySource.class.getName());
		Object keySource = Proxy.newProxyInstance(this, new Class<?>[] { keySourceType },
				(proxy, method, args) -> switch (method.getName()) {
					case "find" -> key;
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> "keys";
				});
		Class<?> metricsType = loadClass(JwtMetrics.class.getName());
		Class<?> verifierType = loadClass(JwtTokenVerifier.class.getName());
		Object verifier = verifierType
			.getConstructor(keySourceType, java.util.Collection.class, String.class, String.class, Duration.class,
					int.class, int.class, Clock.class, metricsType)
			.newInstance(keySource, List.of("RS256"), TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30),
					6144, 0, clock, metricsType.getField("NONE").get(null));
		return verifierType.getMethod("verify", String.class).invoke(verifier, token).toString();
	}

}
