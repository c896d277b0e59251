package dev.platform.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Every property the starter reads, from {@value #RESOURCE}: one name a line, {@code name[]} for a list (indexed
 * entries allowed), {@code name.*} for a map (any key below it; the map's own binding checks what is under a key).
 * The list mirrors the IDE metadata, which a test holds it to.
 */
final class KnownPlatformProperties {

	static final String RESOURCE = "META-INF/platform-properties.txt";

	private final List<Known> known;

	private KnownPlatformProperties(List<Known> known) {
		this.known = known;
	}

	/**
	 * Reads every {@value #RESOURCE} on the class path: a library built on the starter may list its own
	 * {@code platform.*} properties the same way.
	 * @return the known properties
	 */
	static KnownPlatformProperties load() {
		List<Known> known = new ArrayList<>();
		try {
			Enumeration<URL> lists = KnownPlatformProperties.class.getClassLoader().getResources(RESOURCE);
			if (!lists.hasMoreElements()) {
				throw new IllegalStateException(RESOURCE + " is missing from the class path");
			}
			while (lists.hasMoreElements()) {
				read(lists.nextElement(), known);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new KnownPlatformProperties(known);
	}

	private static void read(URL list, List<Known> known) throws IOException {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				line = line.strip();
				if (!line.isEmpty() && !line.startsWith("#")) {
					known.add(Known.parse(line));
				}
			}
		}
	}

	boolean contains(ConfigurationPropertyName name) {
		for (Known candidate : this.known) {
			if (candidate.matches(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether an environment variable's name could be meant for a known property. Boot binds
	 * {@code PLATFORM_WEB_MAX_REQUEST_BODY_SIZE} to {@code platform.web.max-request-body-size} as well as
	 * {@code PLATFORM_WEB_MAXREQUESTBODYSIZE}, so dots and dashes are ignored (and list indexes dropped).
	 * @param name the name Boot derived from the variable
	 * @return whether a known property reads it
	 */
	boolean containsVariable(ConfigurationPropertyName name) {
		String loose = loose(name.toString());
		for (Known candidate : this.known) {
			String known = loose(candidate.name().toString());
			if (candidate.kind() == Kind.MAP ? loose.startsWith(known) : loose.equals(known)) {
				return true;
			}
		}
		return false;
	}

	private static String loose(String name) {
		return name.replaceAll("\\[[^]]*]", "").replace(".", "").replace("-", "");
	}

	/**
	 * The known property whose name is closest to {@code name}, when it is close enough to be what was meant.
	 * @param name an unknown name
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String closest(ConfigurationPropertyName name) {
		String unknown = name.toString();
		String last = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
		int allowed = Math.max(2, last.length() / 2);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (Known candidate : this.known) {
			String known = candidate.name().toString();
			int distance = distance(unknown, known);
			if (distance < bestDistance) {
				best = known;
				bestDistance = distance;
			}
		}
		return (bestDistance <= allowed) ? best : null;
	}

	/** Levenshtein distance. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private enum Kind {

		VALUE, LIST, MAP

	}

	private record Known(ConfigurationPropertyName name, Kind kind) {

		static Known parse(String line) {
			if (line.endsWith("[]")) {
				return new Known(ConfigurationPropertyName.of(line.substring(0, line.length() - 2)), Kind.LIST);
			}
			if (line.endsWith(".*")) {
				return new Known(ConfigurationPropertyName.of(line.substring(0, line.length() - 2)), Kind.MAP);
			}
			return new Known(ConfigurationPropertyName.of(line), Kind.VALUE);
		}

		boolean matches(ConfigurationPropertyName candidate) {
			if (this.name.equals(candidate)) {
				return true;
			}
			return switch (this.kind) {
				case VALUE -> false;
				case LIST -> this.name.isParentOf(candidate) && candidate.isLastElementIndexed();
				case MAP -> this.name.isAncestorOf(candidate);
			};
		}

	}

}
