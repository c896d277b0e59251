package dev.platform.clients;

import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Explains a startup that failed because a component injects a client that
 * {@code platform.clients.<name>.enabled=false} leaves out: without it, Boot reports only that no
 * {@code RestClient} bean qualifies. Runs before Boot's analyzer of missing beans.
 */
class DisabledClientFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoSuchBeanDefinitionException>
		implements Ordered {

	private final Environment environment;

	DisabledClientFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause,
			@Nullable String description) {
		Class<?> type = cause.getBeanType();
		if (type != RestClient.class && type != DownstreamClient.class) {
			return null;
		}
		String client = requestedClient(rootFailure);
		if (client == null || !disabledClients().contains(client)) {
			return null;
		}
		String property = PlatformClientsProperties.PREFIX + "." + client + ".enabled";
		return new FailureAnalysis(
				((description != null) ? description : "A component") + " needs the client '" + client + "' (a "
						+ type.getSimpleName() + "), which " + property + "=false leaves out.",
				"Switch the client on with " + property + "=true"
						+ (client.matches("[a-z0-9]+")
								? " (or PLATFORM_CLIENTS_" + client.toUpperCase(Locale.ROOT) + "_ENABLED=true)" : "")
						+ ", or, where the client may be off, inject ObjectProvider<" + type.getSimpleName()
						+ "> with @Qualifier(\"" + client + "\") and handle its absence.",
				cause);
	}

	/** The qualifier of the injection point that failed, which names the client. */
	private static @Nullable String requestedClient(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof UnsatisfiedDependencyException unsatisfied
					&& unsatisfied.getInjectionPoint() != null) {
				return qualifier(unsatisfied.getInjectionPoint());
			}
		}
		return null;
	}

	private static @Nullable String qualifier(InjectionPoint injectionPoint) {
		for (Annotation annotation : injectionPoint.getAnnotations()) {
			if (annotation instanceof Qualifier qualifier && !qualifier.value().isEmpty()) {
				return qualifier.value();
			}
		}
		return null;
	}

	private Set<String> disabledClients() {
		Map<String, ClientProperties> clients = Binder.get(this.environment)
			.bind(PlatformClientsProperties.PREFIX, Bindable.mapOf(String.class, ClientProperties.class))
			.orElse(Map.of());
		Set<String> disabled = new LinkedHashSet<>();
		clients.forEach((name, properties) -> {
			if (!properties.isEnabled()) {
				disabled.add(name);
			}
		});
		return disabled;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
