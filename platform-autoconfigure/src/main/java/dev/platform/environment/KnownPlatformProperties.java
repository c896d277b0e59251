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
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Every property the starter reads, from {@value #RESOURCE}: one name a line, {@code name[]} for a list (indexed
 * entries allowed), {@code name.*} for a map (any key below it), and {@code *} in place of a map key whose values
 * have properties of their own ({@code platform.clients.*.read-timeout}).
 * The list mirrors the IDE metadata, which a test holds it to.
 */
public final class KnownPlatformProperties {

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
	public static KnownPlatformProperties load() {
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

	/**
	 * Whether a starter's property has the name.
	 * @param name the name
	 * @return whether the starter reads it
	 */
	public boolean contains(ConfigurationPropertyName name) {
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
			if (candidate.variable().matcher(loose).matches()) {
				return true;
			}
		}
		return false;
	}

	private static String loose(String name) {
		return name.replaceAll("\\[[^]]*]", "").replace(".", "").replace("-", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * The known property whose name is closest to {@code name}, when it is close enough to be what was meant. A
	 * property under a map key ({@code platform.clients.*.read-timeout}) is compared with the key {@code name} has
	 * in that place.
	 * @param name an unknown name
	 * @return the suggestion, or {@code null}
	 */
	public @Nullable String closest(ConfigurationPropertyName name) {
		String unknown = name.toString();
		String last = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
		int allowed = Math.max(2, last.length() / 2);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (Known candidate : this.known) {
			String known = candidate.nameFor(name);
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

	/**
	 * One line of the list: its elements ({@code *} stands for any one map key), and whether it names a value, a
	 * list or a map.
	 */
	private record Known(List<String> elements, Kind kind, Pattern variable) {

		private static final String ANY_KEY = "*";

		static Known parse(String line) {
			Kind kind = line.endsWith("[]") ? Kind.LIST : line.endsWith(".*") ? Kind.MAP : Kind.VALUE;
			String name = switch (kind) {
				case LIST, MAP -> line.substring(0, line.length() - 2);
				case VALUE -> line;
			};
			List<String> elements = List.of(name.split("\\."));
			StringBuilder variable = new StringBuilder();
			for (String element : elements) {
				variable.append(ANY_KEY.equals(element) ? "[a-z0-9]+" : Pattern.quote(loose(element)));
			}
			if (kind == Kind.MAP) {
				variable.append(".*");
			}
			return new Known(elements, kind, Pattern.compile(variable.toString()));
		}

		boolean matches(ConfigurationPropertyName candidate) {
			int size = this.elements.size();
			int count = candidate.getNumberOfElements();
			boolean sized = switch (this.kind) {
				case VALUE -> count == size;
				case LIST -> count == size || (count == size + 1 && candidate.isLastElementIndexed());
				case MAP -> count > size;
			};
			if (!sized) {
				return false;
			}
			for (int i = 0; i < size; i++) {
				String element = this.elements.get(i);
				if (!ANY_KEY.equals(element) && !uniform(element)
					.equals(candidate.getElement(i, ConfigurationPropertyName.Form.UNIFORM))) {
					return false;
				}
			}
			return true;
		}

		/** The name, with the map keys {@code name} has in their places. */
		String nameFor(ConfigurationPropertyName name) {
			StringBuilder result = new StringBuilder();
			for (int i = 0; i < this.elements.size(); i++) {
				String element = this.elements.get(i);
				if (ANY_KEY.equals(element)) {
					element = (i < name.getNumberOfElements()) ? name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL)
							: element;
					if (!element.matches("[a-z0-9-]+")) {
						result.append('[').append(element).append(']');
						continue;
					}
				}
				result.append(result.isEmpty() ? "" : ".").append(element);
			}
			return result.toString();
		}

		private static String uniform(String element) {
			return element.replace("-", "").toLowerCase(Locale.ROOT);
		}

	}

}
