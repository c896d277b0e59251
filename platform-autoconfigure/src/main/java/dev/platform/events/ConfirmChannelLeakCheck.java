package dev.platform.events;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Warns when the Spring AMQP on the class path leaks publisher-confirm channels after a broker outage. Platform
 * events switch correlated confirms on, and before Spring AMQP 4.0.6 and 4.1.2 a channel closed with confirms
 * outstanding was waited on through its proxy: with the connection gone, that wait opened a new connection on a
 * connection factory thread, which died of the uncaught failure, and a channel whose wait failed otherwise stayed
 * parked, so publishing could stay blocked after the broker came back (spring-amqp issues 3448 and 3625). Spring Boot
 * 4.0.7 manages 4.0.4.
 */
final class ConfirmChannelLeakCheck {

	private static final Logger logger = LoggerFactory.getLogger(ConfirmChannelLeakCheck.class);

	private ConfirmChannelLeakCheck() {
	}

	static void warnIfAffected() {
		warnIfAffected(CachingConnectionFactory.class.getPackage().getImplementationVersion());
	}

	static void warnIfAffected(@Nullable String version) {
		if (isAffected(version)) {
			logger.warn("Spring AMQP {} can leave publisher-confirm channels parked after a broker outage and block "
					+ "publishing until a restart (spring-amqp issues 3448, 3625); platform events use publisher "
					+ "confirms: use Spring AMQP 4.0.6 or later (with Spring Boot's parent: "
					+ "<spring-amqp.version>4.0.6</spring-amqp.version>)", version);
		}
	}

	/**
	 * Whether a Spring AMQP version has the leak: 4.0.0 to 4.0.5 and 4.1.0 to 4.1.1, milestones included. An
	 * unknown version (a repackaged jar), a 3.x (not a Boot 4 version) and any later line are taken as fixed, so that
	 * the warning is never wrong.
	 */
	static boolean isAffected(@Nullable String version) {
		if (version == null) {
			return false;
		}
		String[] parts = version.split("[.-]", 4);
		if (parts.length < 3) {
			return false;
		}
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = Integer.parseInt(parts[1]);
			int patch = Integer.parseInt(parts[2]);
			return major == 4 && ((minor == 0 && patch < 6) || (minor == 1 && patch < 2));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
