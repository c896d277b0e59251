package dev.platform.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code platform.*} property the starter's code reads by name (a property condition, a lookup in the
 * environment, a binding) is in {@link KnownPlatformProperties}: one read without metadata would make startup fail
 * for a user who sets it.
 */
class EveryPropertyReadIsKnownTests {

	private static final Pattern READ = Pattern.compile("(?:@ConditionalOn\\w*Property\\(\\s*(?:(?:name|value)\\s*=\\s*)?"
			+ "|getProperty\\(\\s*|containsProperty\\(\\s*|bind\\(\\s*)\"(platform\\.[a-z0-9.\\-]*[a-z0-9])\"");

	private static final Pattern PREFIX = Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*)?\"(platform[a-z0-9.\\-]*)\"");

	@Test
	void everyPropertyReadByNameIsKnown() throws IOException {
		Set<String> read = new TreeSet<>();
		Set<String> prefixes = new TreeSet<>();
		try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String code = Files.readString(source);
				collect(READ.matcher(code), read);
				collect(PREFIX.matcher(code), prefixes);
			}
		}
		assertThat(read).as("properties read by name").hasSizeGreaterThan(15);
		KnownPlatformProperties known = KnownPlatformProperties.load();
		assertThat(read).allSatisfy((name) -> assertThat(known.contains(ConfigurationPropertyName.of(name)))
			.as("%s is read but not in %s", name, KnownPlatformProperties.RESOURCE)
			.isTrue());
		assertThat(prefixes).as("@ConfigurationProperties prefixes").isNotEmpty();
		String list = Files.readString(Path.of("src", "main", "resources", KnownPlatformProperties.RESOURCE));
		assertThat(prefixes).allSatisfy((prefix) -> assertThat(list).as("a property under %s", prefix)
			.contains("\n" + prefix + "."));
	}

	private static void collect(Matcher matcher, Set<String> into) {
		while (matcher.find()) {
			into.add(matcher.group(1));
		}
	}

}
