package dev.platform.security.jwt;

import java.util.List;

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
