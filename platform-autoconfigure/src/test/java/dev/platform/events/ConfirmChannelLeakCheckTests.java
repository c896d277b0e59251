package dev.platform.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
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
	void theSpringAmqpThisBuildTestsAndRunsTheDemoWithIsNotAffected(CapturedOutput output) {
		String version = CachingConnectionFactory.class.getPackage().getImplementationVersion();
		assertThat(version).as("spring-rabbit's Implementation-Version").isNotNull();
		assertThat(ConfirmChannelLeakCheck.isAffected(version)).as("Spring AMQP %s", version).isFalse();
		ConfirmChannelLeakCheck.warnIfAffected();
		assertThat(output).doesNotContain("publisher-confirm channels");
	}

	@Test
	void anAffectedVersionIsNamedInAWarningWithTheWayOut(CapturedOutput output) {
		ConfirmChannelLeakCheck.warnIfAffected("4.0.4");
		assertThat(output).contains("Spring AMQP 4.0.4 can leave publisher-confirm channels parked after a broker outage")
			.contains("<spring-amqp.version>4.0.6</spring-amqp.version>");
	}

}
