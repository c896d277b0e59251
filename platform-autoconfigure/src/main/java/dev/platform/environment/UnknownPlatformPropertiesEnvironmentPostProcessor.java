package dev.platform.environment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails startup on a {@code platform.*} property the starter does not know, naming it, where it was set and the
 * property probably meant: a misspelt key would otherwise leave a default in place without a word (a misspelt JWT
 * key source leaves the service without authentication). Only the application's own configuration fails it: its
 * configuration files on the class path, command-line arguments, {@code SpringApplication}'s default properties and
 * a test's inlined properties. Configuration from outside the application (environment variables, system
 * properties, files outside it, a config server, config trees) may be shared with services on other starter
 * versions, or hold {@code PLATFORM_*} variables of something else, so it only gets a warning; so does everything
 * when {@code platform.fail-on-unknown-properties=false}.
 */
public class UnknownPlatformPropertiesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Runs before the starter's other post-processors (the first is at {@code LOWEST_PRECEDENCE - 30}), so a
	 * misspelt key is reported before anything it causes, and after Boot's, which load the configuration files.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 40;

	static final String PROPERTY = "platform.fail-on-unknown-properties";

	private static final ConfigurationPropertyName PLATFORM = ConfigurationPropertyName.of("platform");

	/** Command-line arguments, {@code SpringApplication}'s default properties, a test's inlined properties. */
	private static final Set<String> APPLICATIONS_SOURCES = Set.of("commandLineArgs", "defaultProperties",
			"Inlined Test Properties");

	private final Log log;

	public UnknownPlatformPropertiesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(UnknownPlatformPropertiesEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Set<String> checked = check(environment, Set.of(), false, this.log);
		if (!environment.getPropertySources().contains(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED)) {
			environment.getPropertySources().addLast(new CheckedSources(checked));
		}
	}

	/**
	 * Checks the {@code platform.*} names of every property source but the ones named, failing on the application's
	 * own unknown ones and warning about the others.
	 * @param environment the environment
	 * @param skipped names of the sources checked already
	 * @param propertySourcesOnClassPathAreOwn whether {@code @PropertySource} files on the class path count as the
	 * application's own configuration: by the time they are read, every other source has been checked
	 * @param log where the warnings go
	 * @return the names of the sources there were
	 * @throws UnknownPlatformPropertiesException when the application's own configuration has an unknown name
	 */
	static Set<String> check(ConfigurableEnvironment environment, Set<String> skipped,
			boolean propertySourcesOnClassPathAreOwn, Log log) {
		boolean fail = Binder.get(environment).bind(PROPERTY, Boolean.class).orElse(true);
		KnownPlatformProperties known = null;
		List<String> failures = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			String sourceName = (source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
					? propertySource.getName() : null;
			if (sourceName != null) {
				seen.add(sourceName);
			}
			if (!(source instanceof IterableConfigurationPropertySource iterable) || isStarters(source)
					|| (sourceName != null && skipped.contains(sourceName))) {
				continue;
			}
			List<ConfigurationPropertyName> names = iterable.stream().filter(PLATFORM::isAncestorOf).toList();
			if (names.isEmpty()) {
				continue;
			}
			known = (known != null) ? known : KnownPlatformProperties.load();
			boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			boolean own = isApplications(source)
					|| (propertySourcesOnClassPathAreOwn && isPropertySourceOnClassPath(source));
			for (ConfigurationPropertyName name : names) {
				if (!known.contains(name) && !(variables && known.containsVariable(name))) {
					String description = describe(name, source.getConfigurationProperty(name), known);
					if (fail && own) {
						failures.add(description);
					}
					else {
						log.warn("Unknown property, without effect: " + description);
					}
				}
			}
		}
		if (!failures.isEmpty()) {
			throw new UnknownPlatformPropertiesException(failures);
		}
		return seen;
	}

	/** The application's own configuration, which a new starter version cannot have been written for. */
	private static boolean isApplications(ConfigurationPropertySource source) {
		if (!(source.getUnderlyingSource() instanceof PropertySource<?> propertySource)) {
			return false;
		}
		String name = propertySource.getName();
		return name.contains("'class path resource [") || APPLICATIONS_SOURCES.contains(name);
	}

	/** A {@code @PropertySource("classpath:...")} file, which Spring names after its resource. */
	private static boolean isPropertySourceOnClassPath(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& propertySource.getName().startsWith("class path resource [");
	}

	private static boolean isStarters(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& (PlatformPropertySources.DEFAULTS.equals(propertySource.getName())
						|| PlatformPropertySources.OTEL_ENVIRONMENT.equals(propertySource.getName()));
	}

	private static String describe(ConfigurationPropertyName name, @Nullable ConfigurationProperty property,
			KnownPlatformProperties known) {
		StringBuilder description = new StringBuilder("'").append(name).append("'");
		Origin origin = (property != null) ? property.getOrigin() : null;
		if (origin != null) {
			description.append(" (").append(origin).append(")");
		}
		String closest = known.closest(name);
		if (closest != null) {
			description.append(": did you mean '").append(closest).append("'?");
		}
		return description.toString();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * The empty source that says the names were checked (see
	 * {@link PlatformPropertySources#UNKNOWN_PROPERTIES_CHECKED}), holding which sources were.
	 */
	static final class CheckedSources extends MapPropertySource {

		private final Set<String> names;

		CheckedSources(Set<String> names) {
			super(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED, Map.of());
			this.names = Set.copyOf(names);
		}

		Set<String> names() {
			return this.names;
		}

	}

}
