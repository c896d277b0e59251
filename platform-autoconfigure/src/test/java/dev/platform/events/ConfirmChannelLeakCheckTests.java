package dev.platform.events;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmChannelLeakCheckTests {

	@Test
	void springAmqpVersionsBeforeTheConfirmChannelFixesAreAffected() {
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.0")).isTrue();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.4")).isTrue();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.5")).isTrue();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.0-RC1")).isTrue();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.1.0-M3")).isTrue();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.1.1")).isTrue();
	}

	@Test
	void fixedLaterAndUnknownVersionsAreNot() {
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.6")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0.10")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.1.2")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.2.0-M1")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("5.0.0")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("3.2.12")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected(null)).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("4.0")).isFalse();
		assertThat(ConfirmChannelLeakCheck.isAffected("custom")).isFalse();
	}

	@Test
	void theSpringAmqpThisBuildTestsAndRunsTheDemoWithIsNotAffected() {
		String version = CachingConnectionFactory.class.getPackage().getImplementationVersion();
		assertThat(version).as("spring-rabbit's Implementation-Version").isNotNull();
		assertThat(ConfirmChannelLeakCheck.isAffected(version)).as("Spring AMQP %s", version).isFalse();
		assertThat(warnings(ConfirmChannelLeakCheck::warnIfAffected)).isEmpty();
	}

	@Test
	void anAffectedVersionIsNamedInAWarningWithTheWayOut() {
		assertThat(warnings(() -> ConfirmChannelLeakCheck.warnIfAffected("4.0.4"))).singleElement()
			.satisfies((warning) -> assertThat(warning)
				.contains("Spring AMQP 4.0.4 can leave publisher-confirm channels parked after a broker outage")
				.contains("<spring-amqp.version>4.0.6</spring-amqp.version>"));
	}

	/** What the check logs, read from its logger directly (the console may be asynchronous). */
	private static List<String> warnings(Runnable check) {
		Logger logger = (Logger) LoggerFactory.getLogger(ConfirmChannelLeakCheck.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Level level = logger.getLevel();
		logger.setLevel(Level.WARN);
		logger.addAppender(appender);
		try {
			check.run();
		}
		finally {
			logger.detachAppender(appender);
			logger.setLevel(level);
		}
		return appender.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

}
