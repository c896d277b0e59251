package dev.platform.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import dev.platform.identity.ServiceIdentity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code platform_build_info{version, starter_version} 1}: the version lives on one series instead of
 * every series, and dashboards join on it. A fleet running two starter major versions shows here.
 */
class BuildInfoMetrics implements MeterBinder {

	static final String STARTER_VERSION = starterVersion();

	private final ServiceIdentity identity;

	BuildInfoMetrics(ServiceIdentity identity) {
		this.identity = identity;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String version = this.identity.version();
		Gauge.builder("platform.build.info", () -> 1)
			.description("Build information of the service and the Platform starter it runs")
			.tag("version", (version != null) ? version : "unknown")
			.tag("starter_version", STARTER_VERSION)
			.register(registry);
	}

	private static String starterVersion() {
		try (InputStream input = BuildInfoMetrics.class.getResourceAsStream("/dev/platform/platform.properties")) {
			if (input != null) {
				Properties properties = new Properties();
				properties.load(input);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// Fall through: a missing version must not stop the service.
		}
		return "unknown";
	}

}
