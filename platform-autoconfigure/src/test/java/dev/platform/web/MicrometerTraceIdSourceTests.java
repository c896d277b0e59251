package dev.platform.web;

import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerTraceIdSourceTests {

	@Test
	void emptyAndAllZeroTraceIdsAreNoTraceId() {
		assertThat(MicrometerTraceIdSource.isValid("")).isFalse();
		assertThat(MicrometerTraceIdSource.isValid("00000000000000000000000000000000")).isFalse();
		assertThat(MicrometerTraceIdSource.isValid("00000000000000000000000000000001")).isTrue();
		assertThat(MicrometerTraceIdSource.isValid("4bf92f3577b34da6a3ce929d0e0e4736")).isTrue();
	}

	@Test
	void noCurrentSpanIsNoTraceId() {
		assertThat(new MicrometerTraceIdSource(Tracer.NOOP).currentTraceId()).isNull();
	}

}
