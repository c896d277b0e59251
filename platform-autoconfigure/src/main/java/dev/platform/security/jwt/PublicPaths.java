package dev.platform.security.jwt;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The paths served without a token. Each pattern's literal start (up to its first {@code *}, {@code ?} or
 * <code>{</code>) is checked first, so a request outside every public prefix, the usual case, costs a few
 * {@code startsWith} calls instead of parsing its path into segments.
 */
final class PublicPaths {

	private final List<PathPattern> patterns;

	private final List<String> prefixes;

	PublicPaths(List<String> patterns) {
		this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.prefixes = patterns.stream().map(PublicPaths::literalPrefix).toList();
	}

	/**
	 * Whether the path, decoded and without path parameters (the container's servlet path and path info), matches
	 * a public pattern.
	 */
	boolean matches(String path) {
		PathContainer container = null;
		for (int i = 0; i < this.prefixes.size(); i++) {
			if (path.startsWith(this.prefixes.get(i))) {
				if (container == null) {
					container = PathContainer.parsePath(path);
				}
				if (this.patterns.get(i).matches(container)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether a parsed path, as Spring MVC matches handlers against it (the request URI as sent, percent-encoded,
	 * dot segments kept), matches a public pattern. Its raw value must start with the pattern's literal prefix, so
	 * an encoded spelling of a public path is not public.
	 */
	boolean matches(PathContainer path) {
		String value = path.value();
		for (int i = 0; i < this.prefixes.size(); i++) {
			if (value.startsWith(this.prefixes.get(i)) && this.patterns.get(i).matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The public paths as set, or the defaults moved to where the actuator is on this port: under its base path and
	 * the DispatcherServlet's path. With the actuator on a port of its own (where this filter does not run) the
	 * defaults stay as they are, so that a root base path does not make the application's own {@code /info} public.
	 */
	static List<String> configured(JwtProperties properties, Environment environment) {
		boolean set = Binder.get(environment)
			.bind("platform.security.jwt.public-paths", Bindable.listOf(String.class))
			.isBound();
		Integer managementPort = environment.getProperty("management.server.port", Integer.class);
		boolean ownPort = managementPort != null
				&& !managementPort.equals(environment.getProperty("server.port", Integer.class, 8080));
		if (set || ownPort) {
			return List.copyOf(properties.getPublicPaths());
		}
		return defaultsUnder(environment.getProperty("management.endpoints.web.base-path", "/actuator"),
				environment.getProperty("spring.mvc.servlet.path", "/"));
	}

	/**
	 * The default public paths where the actuator is: under {@code management.endpoints.web.base-path} (root:
	 * {@code /health}) and under {@code spring.mvc.servlet.path}, the path a request to the actuator then has within
	 * the application.
	 */
	static List<String> defaultsUnder(String actuatorBasePath, String dispatcherServletPath) {
		String prefix = withoutTrailingSlashes(dispatcherServletPath) + withoutTrailingSlashes(actuatorBasePath);
		return JwtProperties.DEFAULT_PUBLIC_PATHS.stream()
			.map((path) -> prefix + path.substring("/actuator".length()))
			.toList();
	}

	/** {@code /manage/} and {@code manage} become {@code /manage}; {@code /} and empty become empty. */
	private static String withoutTrailingSlashes(String path) {
		String trimmed = path.trim();
		while (trimmed.endsWith("/") || trimmed.endsWith("*")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

	static String literalPrefix(String pattern) {
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?' || c == '{') {
				return pattern.substring(0, i);
			}
		}
		return pattern;
	}

}
