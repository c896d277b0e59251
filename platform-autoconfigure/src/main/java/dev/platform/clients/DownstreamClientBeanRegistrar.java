package dev.platform.clients;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.platform.environment.KnownPlatformProperties;
import dev.platform.environment.PlatformPropertySources;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Validates every client's properties before any bean is created (a bad URL fails startup naming the
 * property, not the first call) and registers a {@code RestClient} and a {@link DownstreamClient} bean per
 * client, qualified with its name. They are not default candidates, so an unqualified {@code RestClient}
 * injection point never becomes ambiguous because of them.
 */
final class DownstreamClientBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		BeanFactory beanFactory = (BeanFactory) registry;
		enabledClients(this.environment).forEach((name, properties) -> {
			ClientPropertiesValidator.validate(name, properties);
			register(registry, name + "RestClient", name, RestClient.class, beanFactory,
					DownstreamClient::restClient);
			register(registry, name + "DownstreamClient", name, DownstreamClient.class, beanFactory,
					Function.identity());
		});
	}

	private static <T> void register(BeanDefinitionRegistry registry, String beanName, String client, Class<T> type,
			BeanFactory beanFactory, Function<DownstreamClient, T> part) {
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type,
				() -> part.apply(beanFactory.getBean(DownstreamClients.class).get(client)));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, client));
		definition.setDefaultCandidate(false);
		// Created on first injection: a user-defined DownstreamClients need not know every configured name.
		definition.setLazyInit(true);
		registry.registerBeanDefinition(beanName, definition);
	}

	private static ClientConfigurationException unknownKey(UnboundConfigurationPropertiesException unbound) {
		ConfigurationProperty first = unbound.getUnboundProperties().iterator().next();
		String closest = KnownPlatformProperties.load().closest(first.getName());
		return new ClientConfigurationException(first.getName().toString(),
				"is not a client property, so it would have no effect"
						+ ((closest != null) ? "; did you mean '" + closest + "'?" : "")
						+ " (the properties of a client are listed in docs/clients.md)",
				false);
	}

	/**
	 * An environment variable cannot write a dash, so {@code PLATFORM_CLIENTS_USERSERVICE_URL} meant for
	 * {@code user-service} binds a second client, {@code userservice}, with the default of everything else.
	 */
	private static void checkNamesDifferBeyondDashes(Iterable<String> names) {
		Map<String, String> byLooseName = new LinkedHashMap<>();
		for (String name : names) {
			String other = byLooseName.putIfAbsent(name.replace("-", "").toLowerCase(Locale.ROOT), name);
			if (other != null && other.replace("-", "").equals(name.replace("-", ""))) {
				String dashed = other.contains("-") ? other : name;
				String plain = other.contains("-") ? name : other;
				throw new ClientConfigurationException(PlatformClientsProperties.PREFIX + "." + plain,
						"and " + PlatformClientsProperties.PREFIX + "." + dashed + " are two clients whose names differ "
								+ "only by dashes; an environment variable cannot write a dash, so one meant for '"
								+ dashed + "' creates '" + plain + "'. Give the client a name without dashes", false);
			}
			if (other != null) {
				throw new ClientConfigurationException(PlatformClientsProperties.PREFIX + "." + name,
						"and " + PlatformClientsProperties.PREFIX + "." + other + " are two clients whose names differ "
								+ "only by letter case (or by dashes and case); an environment variable writes every "
								+ "name in lower case, so one meant for either creates a third. Give each client a "
								+ "distinct lower-case name", false);
			}
		}
	}

	static Map<String, ClientProperties> enabledClients(Environment environment) {
		// A misspelt key (read-timout) must not leave the default in place without a word: the IDE cannot flag keys
		// under a client's name. In a Boot application the unknown-property check has judged every key already (a
		// failure for the application's own configuration, a warning for an environment variable), and judges the
		// keys of @PropertySource files, read after it, before any bean is created; elsewhere the binding fails on it.
		boolean checked = environment instanceof ConfigurableEnvironment configurable
				&& configurable.getPropertySources().contains(PlatformPropertySources.UNKNOWN_PROPERTIES_CHECKED);
		Map<String, ClientProperties> clients;
		try {
			clients = Binder.get(environment)
				.bind(PlatformClientsProperties.PREFIX, Bindable.mapOf(String.class, ClientProperties.class),
						checked ? BindHandler.DEFAULT : new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
				.orElse(Map.of());
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				throw unknownKey(unbound);
			}
			throw ex;
		}
		checkNamesDifferBeyondDashes(clients.keySet());
		return clients.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isEnabled())
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

}
