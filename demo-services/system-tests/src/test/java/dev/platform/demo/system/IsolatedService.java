package dev.platform.demo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One demo service started in this JVM in a class loader of its own, built from the module's
 * {@code target/classes} and {@code target/runtime-classpath.txt}: the classpath of its executable jar, nothing of
 * the other services or of this test. Cheaper than a JVM per service on a small machine, and as isolated where it
 * matters here (classes, configuration files, in-memory databases, OpenTelemetry SDKs).
 */
final class IsolatedService implements AutoCloseable {

	private final String name;

	private final URLClassLoader loader;

	private final AutoCloseable context;

	private final int port;

	private IsolatedService(String name, URLClassLoader loader, AutoCloseable context, int port) {
		this.name = name;
		this.loader = loader;
		this.context = context;
		this.port = port;
	}

	static IsolatedService start(String name, String mainClass, int port, Map<String, String> properties) {
		Path module = Path.of("..", name).toAbsolutePath().normalize();
		URLClassLoader loader = new URLClassLoader(name, classpath(module), ClassLoader.getPlatformClassLoader());
		List<String> args = new ArrayList<>();
		args.add("--server.port=" + port);
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			// Each Tomcat would install its URL handler factory JVM-wide, which works once per JVM; the services
			// do not need it (no war resources), so it is switched off as a JVM of its own would not need to.
			loader.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory")
				.getMethod("disable")
				.invoke(null);
			Class<?> application = loader.loadClass("org.springframework.boot.SpringApplication");
			Object context = application.getMethod("run", Class.class, String[].class)
				.invoke(null, loader.loadClass(mainClass), args.toArray(String[]::new));
			return new IsolatedService(name, loader, (AutoCloseable) context, port);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(name + " failed to start", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(name + " could not be started", ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static URL[] classpath(Path module) {
		Path listing = module.resolve("target/runtime-classpath.txt");
		try {
			List<URL> urls = new ArrayList<>();
			urls.add(module.resolve("target/classes").toUri().toURL());
			for (String entry : Files.readString(listing).trim().split(java.io.File.pathSeparator)) {
				if (!entry.isBlank()) {
					urls.add(Path.of(entry).toUri().toURL());
				}
			}
			return urls.toArray(URL[]::new);
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Build the service modules first (" + listing + " missing)", ex);
		}
	}

	String name() {
		return this.name;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(this.loader);
		try {
			this.context.close();
		}
		finally {
			thread.setContextClassLoader(previous);
			this.loader.close();
		}
	}

}
