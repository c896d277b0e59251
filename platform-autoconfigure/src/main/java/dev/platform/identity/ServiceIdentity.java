package dev.platform.identity;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The identity a service reports on every signal.
 *
 * @param name the service name ({@code spring.application.name})
 * @param version the service version, or {@code null} when neither the manifest nor build info has one
 * @param environment the deployment environment ({@code platform.environment})
 * @param instanceId an id unique to this process
 */
public record ServiceIdentity(String name, @Nullable String version, String environment, String instanceId) {

	/**
	 * Reads the identity the starter resolved into the environment.
	 * @param environment the environment
	 * @return the identity
	 * @throws MissingServiceNameException when no service name is configured
	 */
	public static ServiceIdentity from(Environment environment) {
		String name = environment.getProperty("spring.application.name");
		if (name == null || name.isBlank()) {
			throw new MissingServiceNameException();
		}
		String resource = ServiceIdentityEnvironmentPostProcessor.RESOURCE;
		return new ServiceIdentity(name, environment.getProperty(resource + "service.version"),
				environment.getProperty(resource + "deployment.environment.name",
						ServiceIdentityEnvironmentPostProcessor.DEFAULT_ENVIRONMENT),
				environment.getProperty(resource + "service.instance.id", "unknown"));
	}

}
